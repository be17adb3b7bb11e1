#!/usr/bin/python3
"""efimm-report: draw the memory picture of a saved efimm report.

Reads report-*.json (docs/report.schema.json) and writes an SVG, and a PNG
through rsvg-convert (Debian's librsvg2-bin) when asked. The physical address
space is one bar per row kind, ranges side by side:
  E820     the firmware's table, coloured by type;
  nodes    which NUMA node each RAM range belongs to;
  memblock RAM efimm reserved (by owner) or kept free.
Holes (addresses no E820 entry describes) are COMPRESSED to a fixed narrow
gap drawn hatched; everything else is to scale within its own size class
(widths grow with log2 of the size, so a 4 KiB page and 16 GiB both show).
Colours never carry meaning alone: every range kind is named in the legend
and the tooltip (SVG <title>) of each rectangle gives its range and name.

Usage: efimm-report.py REPORT.json [--svg OUT.svg] [--png OUT.png] [--width PX]
"""
import argparse
import json
import math
import shutil
import subprocess
import sys
from xml.sax.saxutils import escape

E820_COLOURS = {
    "usable": "#4caf50", "reserved": "#9e9e9e", "ACPI data": "#2196f3", "ACPI NVS": "#3f51b5",
    "unusable": "#f44336", "soft reserved": "#ff9800",
}
NODE_COLOURS = ["#8e24aa", "#00897b", "#f4511e", "#3949ab", "#c0ca33", "#6d4c41", "#d81b60", "#546e7a"]
FREE_COLOUR = "#c8e6c9"
OWNER_COLOURS = ["#5d4037", "#e65100", "#1565c0", "#6a1b9a", "#00838f", "#ad1457", "#827717", "#37474f",
                 "#ffb300", "#26a69a", "#ef5350", "#7e57c2"]


def hexval(s):
    return int(s, 16)


def width_for(size, unit):
    """Width of a range: log-scaled so pages and gigabytes are both visible."""
    return unit * (1 + math.log2(max(size, 4096) / 4096.0))


def layout(report, unit):
    """Columns: (start, end, x, w, kind) for each E820 entry and each hole between entries."""
    cols, x, prev_end = [], 0.0, 0
    for e in report["e820_firmware"]:
        start, end = hexval(e["start"]), hexval(e["end"]) + 1
        if start > prev_end:
            cols.append((prev_end, start, x, unit, "hole"))
            x += unit
        w = width_for(end - start, unit)
        cols.append((start, end, x, w, e["type_name"]))
        x += w
        prev_end = end
    return cols, x


def x_of(cols, addr):
    """Horizontal position of an address inside the log-scaled columns."""
    for start, end, x, w, _ in cols:
        if start <= addr < end or (addr == end and (start, end) == cols[-1][:2]):
            if end == start:
                return x
            return x + w * (addr - start) / (end - start)
    return cols[-1][2] + cols[-1][3] if cols else 0.0


def human(n):
    for unit, div in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= div:
            return "%.4g %s" % (n / div, unit)
    return "%d B" % n


def svg(report, width):
    left, top, row_h, gap = 90, 60, 28, 14
    cols, total = layout(report, 1.0)
    scale = (width - left - 20) / total if total else 1.0
    cols = [(s, e, x * scale, w * scale, k) for s, e, x, w, k in cols]
    out = []
    rows = ["E820", "nodes", "memblock"]
    legend_rows = (len(report["memblock"]["owners"]) + len(report["e820_firmware"]) + 8) // 3 + 1
    height = top + len(rows) * (row_h + gap) + 60 + 18 * legend_rows
    out.append('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="12">'
               % (width, height))
    out.append('<rect width="100%" height="100%" fill="white"/>')
    fw = report["firmware"]
    sm = fw.get("smbios") or {}
    title = "%s %s - %s, efimm %s" % (sm.get("system_manufacturer", ""), sm.get("system_product", ""),
                                       fw["vendor"], report["efimm_version"])
    out.append('<text x="10" y="20" font-size="15">%s</text>' % escape(title.strip()))
    out.append('<text x="10" y="40">Physical address space; holes compressed (hatched), widths log-scaled by size.</text>')
    out.append('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse">'
               '<path d="M0,6 L6,0" stroke="#999" stroke-width="1"/></pattern></defs>')

    def rect(x, y, w, h, fill, tip):
        out.append('<rect x="%.2f" y="%d" width="%.2f" height="%d" fill="%s" stroke="white" stroke-width="0.5">'
                   '<title>%s</title></rect>' % (left + x, y, max(w, 0.5), h, fill, escape(tip)))

    legend = {}
    # Row 1: E820 types.
    y = top
    out.append('<text x="10" y="%d">E820</text>' % (y + 18))
    for s, e, x, w, kind in cols:
        if kind == "hole":
            rect(x, y, w, row_h, "url(#hatch)", "hole [%#x-%#x]" % (s, e - 1))
            legend["hole (compressed)"] = "url(#hatch)"
        else:
            colour = E820_COLOURS.get(kind, "#795548")
            rect(x, y, w, row_h, colour, "%s [%#x-%#x] %s" % (kind, s, e - 1, human(e - s)))
            legend["E820 " + kind] = colour
    # Row 2: nodes.
    y += row_h + gap
    out.append('<text x="10" y="%d">nodes</text>' % (y + 18))
    for r in report["node_ranges"]:
        s, e = hexval(r["start"]), hexval(r["end"]) + 1
        colour = NODE_COLOURS[r["nid"] % len(NODE_COLOURS)] if r["nid"] >= 0 else "#bdbdbd"
        x0, x1 = x_of(cols, s), x_of(cols, e)
        rect(x0, y, x1 - x0, row_h, colour, "node %d [%#x-%#x]" % (r["nid"], s, e - 1))
        legend["node %d" % r["nid"]] = colour
    # Row 3: memblock: free RAM, then reservations by owner on top.
    y += row_h + gap
    out.append('<text x="10" y="%d">memblock</text>' % (y + 18))
    for r in report["memblock"]["memory"]:
        s, e = hexval(r["base"]), hexval(r["base"]) + hexval(r["size"])
        x0, x1 = x_of(cols, s), x_of(cols, e)
        rect(x0, y, x1 - x0, row_h, FREE_COLOUR, "RAM [%#x-%#x]" % (s, e - 1))
    legend["memblock free RAM"] = FREE_COLOUR
    owners = []
    for o in report["memblock"]["owners"]:
        if o["name"] not in owners:
            owners.append(o["name"])
        colour = OWNER_COLOURS[owners.index(o["name"]) % len(OWNER_COLOURS)]
        s, e = hexval(o["base"]), hexval(o["base"]) + hexval(o["size"])
        x0, x1 = x_of(cols, s), x_of(cols, e)
        rect(x0, y, x1 - x0, row_h, colour, "%s [%#x-%#x]" % (o["name"], s, e - 1))
        legend["reserved: " + o["name"]] = colour
    # Address marks at the start of each E820 entry that is wide enough.
    y += row_h + 16
    last = -100.0
    for s, e, x, w, kind in cols:
        if kind != "hole" and x - last > 70:
            out.append('<text x="%.1f" y="%d" font-size="10">%#x</text>' % (left + x, y, s))
            last = x
    # Legend: every colour with its name.
    y += 20
    for i, (name, colour) in enumerate(legend.items()):
        lx, ly = 10 + (i % 3) * ((width - 20) // 3), y + (i // 3) * 18
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s" stroke="#333"/>' % (lx, ly, colour))
        out.append('<text x="%d" y="%d">%s</text>' % (lx + 18, ly + 11, escape(name)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("report")
    ap.add_argument("--svg")
    ap.add_argument("--png")
    ap.add_argument("--width", type=int, default=1200)
    args = ap.parse_args()
    try:
        with open(args.report) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("efimm-report: cannot read %s: %s" % (args.report, e))
    if report.get("schema_version") != 1:
        sys.exit("efimm-report: %s: not an efimm report (schema_version 1)" % args.report)
    text = svg(report, args.width)
    svg_path = args.svg or (args.png and args.png + ".svg")
    if not svg_path:
        sys.stdout.write(text)
        return
    with open(svg_path, "w") as f:
        f.write(text)
    if args.png:
        if not shutil.which("rsvg-convert"):
            sys.exit("efimm-report: PNG needs rsvg-convert: apt-get install librsvg2-bin")
        subprocess.run(["rsvg-convert", "-o", args.png, svg_path], check=True)


if __name__ == "__main__":
    main()
