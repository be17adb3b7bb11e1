#!/usr/bin/python3
"""efimm-report: draw the memory picture of a saved efimm report.

Reads report-*.json (docs/report.schema.json) and writes an SVG, and a PNG
through rsvg-convert (Debian's librsvg2-bin) when asked. The physical address
space is one bar per row kind, ranges side by side:
  E820     the firmware's table, coloured by type;
  nodes    which NUMA node each RAM range belongs to;
  zones    which zone (DMA, DMA32, Normal, Movable) each node's RAM is in;
  memblock RAM efimm reserved (by owner) or kept free.
Holes (addresses no E820 entry describes) are COMPRESSED, not to scale, to a
fixed narrow gap drawn hatched; everything else is to scale within its own
size class (widths grow with log2 of the size, so a 4 KiB page and 16 GiB
both show). Below the rows, buddyinfo: per populated zone a bar per order
0..10 whose height grows with log2 of its nr_free, the number printed under it.
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
# As lib/picture.c's picture_zone_colours, so the screen and the SVG agree.
ZONE_COLOURS = {"DMA": "#ffb300", "DMA32": "#29b6f6", "Normal": "#7e57c2", "Movable": "#ec407a", "Device": "#8d6e63"}
BUDDY_COLOUR = "#26a69a"
NR_ORDERS = 11
OWNER_COLOURS = ["#5d4037", "#e65100", "#1565c0", "#6a1b9a", "#00838f", "#ad1457", "#827717", "#37474f",
                 "#9ccc65", "#80deea", "#ef5350", "#b39ddb"]


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


def zone_ranges(report):
    """(nid, zone, start, end) for each zone's part of its node's RAM: the span cut to the node ranges."""
    out = []
    for z in report.get("zones", []):
        if not z["populated"]:
            continue
        zs, ze = z["start_pfn"] << 12, (z["start_pfn"] + z["spanned"]) << 12
        for r in report["node_ranges"]:
            if r["nid"] != z["nid"]:
                continue
            s, e = max(zs, hexval(r["start"])), min(ze, hexval(r["end"]) + 1)
            if s < e:
                out.append((z["nid"], z["zone"], s, e))
    return out


def log_units(n):
    """1 + log2(n), 0 for 0."""
    return 1 + math.log2(n) if n > 0 else 0.0


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
    rows = ["E820", "nodes", "zones", "memblock"]
    buddy = report.get("buddyinfo", [])
    buddy_h, buddy_bar = 62, 40
    out.append(None)  # the <svg> element, once the height is known
    out.append('<rect width="100%" height="100%" fill="white"/>')
    fw = report["firmware"]
    sm = fw.get("smbios") or {}
    title = "%s %s - %s, efimm %s" % (sm.get("system_manufacturer", ""), sm.get("system_product", ""),
                                       fw["vendor"], report["efimm_version"])
    out.append('<text x="10" y="20" font-size="15">%s</text>' % escape(title.strip()))
    out.append('<text x="10" y="40">Physical address space; holes compressed, not to scale (hatched); widths '
               'log-scaled by size.</text>')
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
            legend["hole: compressed, not to scale"] = "url(#hatch)"
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
    # Row 3: zones, each cut to its node's RAM.
    y += row_h + gap
    out.append('<text x="10" y="%d">zones</text>' % (y + 18))
    for nid, zone, s, e in zone_ranges(report):
        colour = ZONE_COLOURS.get(zone, "#8d6e63")
        x0, x1 = x_of(cols, s), x_of(cols, e)
        rect(x0, y, x1 - x0, row_h, colour, "node %d zone %s [%#x-%#x] %s" % (nid, zone, s, e - 1, human(e - s)))
        legend["zone " + zone] = colour
    # Row 4: memblock: free RAM, then reservations by owner on top.
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
    # buddyinfo: per zone a bar per order, height by log2 of nr_free against the largest, the number under it.
    if buddy:
        y += 18 * ((len(legend) + 2) // 3) + 20
        out.append('<text x="10" y="%d">buddyinfo: free blocks per order (bar height grows with log2 of the '
                   'number under it)</text>' % y)
        cell = (width - left - 20) / NR_ORDERS
        for o in range(NR_ORDERS):
            out.append('<text x="%.1f" y="%d" font-size="10">order %d</text>' % (left + o * cell, y + 16, o))
        y += 22
        full = log_units(max(max(b["nr_free"]) for b in buddy))
        for b in buddy:
            out.append('<text x="10" y="%d">node %d</text>' % (y + 16, b["nid"]))
            out.append('<text x="10" y="%d">%s</text>' % (y + 32, escape(b["zone"])))
            for o, n in enumerate(b["nr_free"]):
                h = buddy_bar * log_units(n) / full if full else 0
                bx = left + o * cell
                out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#757575"/>'
                           % (bx, y + buddy_bar, bx + cell * 0.8, y + buddy_bar))
                out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>node %d %s order %d: '
                           '%d free blocks</title></rect>' % (bx, y + buddy_bar - h, cell * 0.8, h, BUDDY_COLOUR,
                                                              b["nid"], escape(b["zone"]), o, n))
                out.append('<text x="%.1f" y="%d" font-size="11">%d</text>' % (bx, y + buddy_bar + 14, n))
            y += buddy_h
    else:
        y += 18 * ((len(legend) + 2) // 3)
    out[0] = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="12">'
              % (width, y + 20))
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
