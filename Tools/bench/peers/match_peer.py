#!/usr/bin/env python3
"""The template-matching peer of deskpilot-bench: OpenCV's matchTemplate, the engine under SikuliX and openQA.

    python3 Tools/bench/peers/match_peer.py SCREEN.png NEEDLE.png X Y [--samples N]

Times cv2.matchTemplate(screen, needle, TM_CCOEFF_NORMED) plus cv2.minMaxLoc on the grey images, and in colour,
and checks that the best match is at (X, Y). Prints one JSON line per measurement, as deskpilot-bench's
Measurement writes them. opencv-python-headless is a peer-comparison tool only, never a Deskpilot dependency;
when missing it is installed once with pip into this interpreter.
"""
import argparse
import json
import subprocess
import sys
import time


def log(message: str) -> None:
    print(f"match peer: {message}", file=sys.stderr, flush=True)


def load_cv2():
    try:
        import cv2  # noqa: F401
    except ImportError:
        log("installing opencv-python-headless with pip")
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "opencv-python-headless"], check=False)
        if result.returncode != 0:
            log("pip install failed; skipping the OpenCV peer")
            return None
    import cv2
    return cv2


def emit(name: str, samples: list) -> None:
    record = {"group": "match", "name": name, "samples_ms": [round(s, 3) for s in samples]}
    print(json.dumps(record, sort_keys=True, separators=(",", ":")), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("screen")
    parser.add_argument("needle")
    parser.add_argument("x", type=int)
    parser.add_argument("y", type=int)
    parser.add_argument("--samples", type=int, default=30)
    arguments = parser.parse_args()
    cv2 = load_cv2()
    if cv2 is None:
        return 0
    for label, flag in (("grey", cv2.IMREAD_GRAYSCALE), ("colour", cv2.IMREAD_COLOR)):
        screen = cv2.imread(arguments.screen, flag)
        needle = cv2.imread(arguments.needle, flag)
        samples = []
        for index in range(arguments.samples + 2):
            start = time.perf_counter()
            scores = cv2.matchTemplate(screen, needle, cv2.TM_CCOEFF_NORMED)
            _, best, _, location = cv2.minMaxLoc(scores)
            elapsed = (time.perf_counter() - start) * 1000
            if location != (arguments.x, arguments.y):
                log(f"OpenCV found the needle at {location} (score {best:.3f}), not at ({arguments.x}, {arguments.y})")
                return 1
            if index >= 2:
                samples.append(elapsed)
        emit(f"peer: OpenCV matchTemplate TM_CCOEFF_NORMED, {label}", samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
