#!/usr/bin/env python3
"""Screenshots an X display and draws a generator's ground-truth boxes on it, to check them by eye.

    DISPLAY=:55 python3 Tools/ocr-corpus/tk-screen.py --seed 1 > /tmp/truth.jsonl &
    DISPLAY=:55 python3 Tools/ocr-corpus/overlay.py /tmp/truth.jsonl /tmp/boxes.png [--crop X,Y,W,H] [--scale 2]

Reads the JSON lines (the "ready" line and anything without a box are skipped), takes the screen with
`xwd -root` and writes a PNG with each box outlined in magenta. Needs only xwd and python3 (no PIL,
no ImageMagick). Only for TrueColor 24/32-bit screens, such as Xvfb's -screen 0 WxHx24.
"""

import argparse
import json
import os
import struct
import subprocess
import sys
import zlib

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402


def write_png(path, width, height, rows, scale=1):
    raw = bytearray()
    for row in rows:
        if scale > 1:
            wide = bytearray()
            for i in range(0, len(row), 3):
                wide += bytes(row[i:i + 3]) * scale
            raw += (b"\0" + wide) * scale
        else:
            raw += b"\0" + row

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    header = struct.pack(">IIBBBBB", width * scale, height * scale, 8, 2, 0, 0, 0)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 6))
                   + chunk(b"IEND", b""))


def outline(rows, width, height, box, colour=b"\xff\x00\xff"):
    x, y, w, h = box
    for xx in range(x, x + w):
        for yy in (y, y + h - 1):
            if 0 <= xx < width and 0 <= yy < height:
                rows[yy][xx * 3:xx * 3 + 3] = colour
    for yy in range(y, y + h):
        for xx in (x, x + w - 1):
            if 0 <= xx < width and 0 <= yy < height:
                rows[yy][xx * 3:xx * 3 + 3] = colour


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("truth", help="the generator's JSON lines ('-' for standard input)")
    parser.add_argument("png", help="where to write the picture")
    parser.add_argument("--crop", help="X,Y,W,H of the screen to keep")
    parser.add_argument("--scale", type=int, default=1, help="enlarge by this whole factor")
    args = parser.parse_args()

    source = sys.stdin if args.truth == "-" else open(args.truth)
    boxes = []
    for line in source:
        line = line.strip()
        if line:
            entry = json.loads(line)
            if "box" in entry:
                boxes.append(entry["box"])

    shot = subprocess.run(["xwd", "-silent", "-root"], capture_output=True)
    if shot.returncode != 0:
        corpus.fail("xwd failed: %s" % shot.stderr.decode(errors="replace").strip())
    width, height, rows = corpus.read_xwd(shot.stdout)
    for box in boxes:
        outline(rows, width, height, box)
    if args.crop:
        x, y, w, h = (int(v) for v in args.crop.split(","))
        w, h = min(w, width - x), min(h, height - y)
        rows = [row[x * 3:(x + w) * 3] for row in rows[y:y + h]]
        width, height = w, h
    write_png(args.png, width, height, rows, max(1, args.scale))
    print("%s: %d boxes on a %dx%d picture" % (args.png, len(boxes), width * args.scale, height * args.scale))


if __name__ == "__main__":
    main()
