#!/usr/bin/python3
"""QEMU's QMP socket for the boot tests: keys, screendumps, and waiting for a log line.

As a module (sys.path gets scripts/): QMP(sock).cmd(name, args), wait_for(log, text, after, timeout).
As a command: qmp.py screendump SOCK FILE  (exit status 1 when QEMU refuses).
"""
import json
import os
import socket
import sys
import time


class QMP:
    """A QMP connection, capabilities negotiated; waits up to 30 s for QEMU to create the socket."""

    def __init__(self, path):
        for _ in range(300):
            if os.path.exists(path):
                break
            time.sleep(0.1)
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.f = self.sock.makefile("rw")
        self.f.readline()  # the greeting
        self.cmd("qmp_capabilities")

    def cmd(self, name, args=None):
        """Send a command; return its reply ({"return": ...} or {"error": ...}), skipping events."""
        self.f.write(json.dumps({"execute": name, **({"arguments": args} if args else {})}) + "\n")
        self.f.flush()
        while True:
            reply = json.loads(self.f.readline())
            if "return" in reply or "error" in reply:
                return reply


def wait_for(log, text, after, timeout=60):
    """The offset just past TEXT's first occurrence in LOG at or after AFTER; exits when it never comes."""
    end = time.time() + timeout
    while time.time() < end:
        try:
            data = open(log, errors="replace").read()
        except OSError:
            data = ""
        i = data.find(text, after)
        if i >= 0:
            return i + len(text)
        time.sleep(0.2)
    raise SystemExit("timed out waiting for %r" % text)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "screendump":
        sys.exit("usage: qmp.py screendump SOCK FILE")
    reply = QMP(sys.argv[2]).cmd("screendump", {"filename": sys.argv[3]})
    if "return" not in reply:
        sys.exit("screendump: %s" % reply)
