#!/usr/bin/env python3
"""Opens one seeded xedit (Athena widgets) window for the OCR corpus and prints where each text is.

    DISPLAY=:55 python3 Tools/ocr-corpus/xedit-screen.py --seed 1 [--x 0 --y 0]

Writes a small text file of known lines into a fresh temporary folder and runs `xedit FILE` there (so no
tags file is found and xedit's messages are always the same), at +X+Y with a size from the seed. The seed
also picks the X core font of the buttons and labels (-fn), the hint line under the buttons (*hints, pinned
with *hintsInterval: 0 so that it does not change) and sometimes -bg/-fg colours. The file's lines are
shown but are not in the truth: xedit draws them in a font its Lisp syntax modes choose, not one a
resource sets, so their boxes cannot be worked out from the toolkit. None of them contains a truth text.

Ground truth, from the X server's window tree (xwininfo -tree):
  - kind "button": xedit's command buttons Quit, Save, Load (their Command widget windows, with border);
  - kind "label": the hint line (the bc_label Label widget's window, as wide as xedit: the text is centred).
Then {"ready": true} once the widgets are viewable and drawn; runs until killed (SIGTERM/SIGINT end xedit
too) and removes the temporary folder.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import corpus  # noqa: E402

BUTTONS = ["Quit", "Save", "Load"]  # xedit's own labels (app-defaults *quit.label etc.), left to right

HINTS = ["Press F1 for Help", "Use Control-S to Search", "Tip: Meta-Q formats a paragraph",
         "Use Control-Z to scroll one line up", "Right-Button extends the selection",
         "Use Control-E to jump to the end of the line", "Use Insert to toggle Overwrite mode",
         "Use Control-K to cut to the end of the line"]

LINE_STYLES = [("phrase", 25), ("two", 20), ("name", 15), ("city", 10), ("number", 10), ("email", 10),
               ("file", 10)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--x", type=int, default=0)
    parser.add_argument("--y", type=int, default=0)
    return parser.parse_args()


def plan(rng):
    labels = corpus.LabelMaker(rng)
    for button in BUTTONS:
        labels.taken.append(button.lower())
    hints = [h for h in HINTS if not any(b.lower() in h.lower() for b in BUTTONS)]
    hint = rng.choice(hints)
    labels.taken.append(hint.lower())
    stem = rng.choice([s for s in corpus.FILE_STEMS if not labels.clashes(s)])
    filename = "%s-%d.txt" % (stem, rng.randint(1, 99))
    labels.taken.append(filename.lower())
    lines = []
    for _ in range(rng.randint(5, 10)):
        words = [labels.make(LINE_STYLES, caps_chance=0.05) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        lines.append(rng.choice([" ", ", ", " - ", "  "]).join(words))
    ui_font = rng.choice(corpus.CORE_FONTS)
    colours = rng.choice(corpus.CORE_COLOURS) if rng.random() < 0.5 else None
    width = rng.randrange(560, 861, 20)
    height = rng.randrange(360, 541, 20)
    return hint, filename, lines, ui_font, colours, width, height


def main():
    runner = corpus.Child()
    folder = None
    try:
        folder = tempfile.mkdtemp(prefix="ocr-corpus-xedit-")
        run(runner, folder)
    finally:
        runner.end()
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def run(runner, folder):
    args = parse_args()
    corpus.need_tools("xedit", "xwininfo", "xlsfonts", "xwd")
    screen_w, screen_h = corpus.check_display()
    rng = random.Random(args.seed)
    hint, filename, lines, ui_font, colours, width, height = plan(rng)
    if args.x < 0 or args.y < 0 or args.x + width + 2 > screen_w or args.y + height + 2 > screen_h:
        corpus.fail("xedit's %dx%d window at +%d+%d does not fit the %dx%d screen"
                    % (width, height, args.x, args.y, screen_w, screen_h))
    if not corpus.core_font_exists(ui_font):
        sys.stderr.write("xedit-screen.py: the X server has no font %s; using fixed\n" % ui_font)
        ui_font = "fixed"

    with open(os.path.join(folder, filename), "w") as file:
        file.write("\n".join(lines) + "\n")

    title = "ocr-corpus xedit %d seed %d" % (os.getpid(), args.seed)
    command = ["xedit", "-title", title, "-geometry", "%dx%d+%d+%d" % (width, height, args.x, args.y),
               "-fn", ui_font,
               "-xrm", "*hints: " + hint, "-xrm", "*hintsInterval: 0", "-xrm", "*bc_label*label: " + hint,
               "-xrm", "*editWindow.displayCaret: False",  # no caret over the first letter
               "-xrm", "*editWindow.wrap: never", "-xrm", "*enableBackups: False"]
    if colours:
        command += ["-bg", colours[0], "-fg", colours[1]]
    command.append(filename)
    child = runner.start(command, cwd=folder)

    def widgets():
        tree = corpus.shown_tree(child, title, "xedit", screen_w, screen_h)
        if tree is None or len(tree) != 1:
            return None
        # The outer Paned: [buttons Box, hint Label, message Text, edit pane] from top to bottom, besides
        # 8x8 grips.
        panes = sorted((n for n in tree[0]["children"] if n["width"] > 8 or n["height"] > 8),
                       key=lambda n: n["rel_y"])
        if len(panes) < 4 or len(panes[0]["children"]) < len(BUTTONS) + 1:
            return None
        buttons = sorted(panes[0]["children"], key=lambda n: n["rel_x"])[:len(BUTTONS)]
        hint_label = panes[1]
        ids = [b["id"] for b in buttons] + [hint_label["id"]]
        if not all(corpus.window_is_drawn(window) for window in ids):
            return None
        return buttons, hint_label

    found = corpus.wait_for(widgets, timeout=10)
    if not found:
        runner.fail("xedit's window (%s) did not show its buttons and text within 10 s" % title)
    buttons, hint_label = found
    boxes = [("button", label, corpus.outer_box(node)) for label, node in zip(BUTTONS, buttons)]
    boxes.append(("label", hint, corpus.outer_box(hint_label)))
    corpus.report(runner, "xaw", boxes, screen_w, screen_h, font=ui_font, app="xedit")
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
