#!/usr/bin/env python3
"""Shows one seeded xmessage (Athena widgets) dialog for the OCR corpus and prints where each text is.

    DISPLAY=:55 python3 Tools/ocr-corpus/xaw-dialog.py --seed 1 [--x 0 --y 0]
    DISPLAY=:55 python3 Tools/ocr-corpus/xaw-dialog.py --buttons Approve,Reject,Later --message "Deploy?"

xmessage draws a one-line message (an Xaw Text widget) over 2-4 buttons (Xaw Command widgets, left to right
in the order of -buttons). The seed picks the message, the button labels (one of them, sometimes, a
whole-word prefix of another, e.g. "Save" and "Save as"), an X core font (-fn: fixed, 6x13, 7x13, 9x15,
adobe-helvetica-12, ...; what the server lacks falls back to "fixed"), sometimes -bg/-fg colours, and
sometimes xmessage's colour look (*customization: -color). With --buttons (and --message), xmessage shows
exactly those, in its own default font and colours.

Ground truth comes from the X server's window tree (xwininfo -tree): one line per button (kind "button")
and one for the message (kind "message", the Text widget's window, which may be wider than the text), each
box [x, y, w, h] in screen pixels including the widget's X border. Then {"ready": true} once every widget
window is viewable and shows more than its background. Runs until killed; SIGTERM/SIGINT are passed on to
xmessage. If xmessage exits by itself (a button was pressed), exits with xmessage's status.
"""

import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import corpus  # noqa: E402

MESSAGES = [
    "Save changes to {file} before closing?", "The file {file} was changed on disk.",
    "Delete {n} selected items?", "Connection to {host} was lost.", "Install {n} updates now?",
    "Your session expires in {n} minutes.", "Replace the existing {file}?",
    "Printer {printer} is out of paper.", "Upload of {file} finished.", "{n} messages could not be sent.",
    "Disk {disk} is almost full.", "Allow {app} to use the camera?", "Restart {app} to finish the update?",
    "The backup of {disk} is {n} days old.", "Move {file} to the trash?",
]
HOSTS = ["mail.example.org", "db-02.internal", "files.example.net", "vpn.example.com"]
PRINTERS = ["Office Laser", "HP-4th-Floor", "Canon Lobby"]
DISKS = ["/dev/sda1", "Backup Drive", "USB Stick", "/home"]
APPS = ["Photo Viewer", "Video Call", "Sketchbook", "Meeting Room"]

BUTTON_STYLES = [("word", 60), ("two", 10), ("phrase", 10), ("short", 20)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--buttons", help="comma-separated button labels: plain xmessage, no seeded style")
    parser.add_argument("--message", default="Choose one.", help="the message shown with --buttons")
    parser.add_argument("--x", type=int, default=0)
    parser.add_argument("--y", type=int, default=0)
    return parser.parse_args()


def make_message(rng):
    template = rng.choice(MESSAGES)
    file = "%s.%s" % (rng.choice(corpus.FILE_STEMS), rng.choice(corpus.FILE_EXTS))
    return template.format(file=file, n=rng.randint(2, 48), host=rng.choice(HOSTS),
                           printer=rng.choice(PRINTERS), disk=rng.choice(DISKS), app=rng.choice(APPS))


def plan(rng):
    labels = corpus.LabelMaker(rng)
    message = make_message(rng)
    labels.taken.append(message.lower())  # no button text may occur inside the message, nor it in one
    count = rng.randint(2, 4)
    buttons = []
    if count >= 3 and rng.random() < 0.4:
        for pair in labels.pairs(1):
            buttons.extend(pair)
    while len(buttons) < count:
        text = labels.make(BUTTON_STYLES, caps_chance=0.1)
        if "," in text or ":" in text:  # xmessage's -buttons syntax
            continue
        buttons.append(text)
    rng.shuffle(buttons)
    font = rng.choice(corpus.CORE_FONTS)
    colours = rng.choice(corpus.CORE_COLOURS) if rng.random() < 0.4 else None
    colour_look = rng.random() < 0.4
    return message, buttons, font, colours, colour_look


def main():
    runner = corpus.Child()
    try:
        run(runner)
    finally:
        runner.end()


def run(runner):
    args = parse_args()
    corpus.need_tools("xmessage", "xwininfo", "xlsfonts", "xwd")
    screen_w, screen_h = corpus.check_display()
    rng = random.Random(args.seed)
    if args.buttons:
        message, buttons, font, colours, colour_look = args.message, args.buttons.split(","), None, None, False
    else:
        message, buttons, font, colours, colour_look = plan(rng)
    if font and not corpus.core_font_exists(font):
        sys.stderr.write("xaw-dialog.py: the X server has no font %s; using fixed\n" % font)
        font = "fixed"

    title = "ocr-corpus xmessage %d seed %d" % (os.getpid(), args.seed)
    command = ["xmessage", "-title", title, "-name", "xmessage", "-geometry", "+%d+%d" % (args.x, args.y),
               "-buttons", ",".join(buttons)]
    if font:
        command += ["-fn", font]
    if colours:
        command += ["-bg", colours[0], "-fg", colours[1]]
    if colour_look:
        command += ["-xrm", "*customization: -color"]
    command.append(message)
    child = runner.start(command)

    def widgets():
        tree = corpus.shown_tree(child, title, "xmessage", screen_w, screen_h)
        if tree is None:
            return None
        # The shell's only child is xmessage's Form; its children are the Text (the message, above) and one
        # Command per button, in a row below it.
        if len(tree) != 1 or len(tree[0]["children"]) != len(buttons) + 1:
            return None
        children = sorted(tree[0]["children"], key=lambda node: (node["rel_y"], node["rel_x"]))
        text, row = children[0], sorted(children[1:], key=lambda node: node["rel_x"])
        if len({node["rel_y"] for node in row}) != 1 or row[0]["rel_y"] <= text["rel_y"]:
            return None
        ids = [text["id"]] + [node["id"] for node in row]
        if not all(corpus.window_is_drawn(window) for window in ids):
            return None
        return text, row

    found = corpus.wait_for(widgets, timeout=10)
    if not found:
        runner.fail("xmessage's window (%s) with a message and %d buttons did not show within 10 s"
                    % (title, len(buttons)))
    text, row = found
    boxes = [("message", message, corpus.outer_box(text))]
    boxes += [("button", label, corpus.outer_box(node)) for label, node in zip(buttons, row)]
    corpus.report(runner, "xaw", boxes, screen_w, screen_h, font=font, app="xmessage")
    sys.exit(child.wait())


if __name__ == "__main__":
    main()
