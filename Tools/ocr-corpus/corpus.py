"""Shared pieces of the OCR corpus generators (tk-screen.py, xaw-dialog.py, xedit-screen.py).

Word lists and a label maker that keeps every text on a screen apart from every other (no text is a
case-insensitive substring of another) except for deliberate pairs, the ground-truth output, and helpers
that read X window geometry with xwininfo. Nothing here guesses where text is from pixels: geometry comes
from the toolkit (Tk's winfo) or from the X server's own window tree (xwininfo).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

# Common UI words: single-word labels, and the first word of many longer ones.
UI_WORDS = """
Save Open Cancel Apply OK Help Delete Rename Export Print Close Next Back Yes No Retry Ignore
Settings Preferences Search Find Replace Copy Paste Undo Redo Zoom Refresh Submit Login Logout
Upload Download Share Edit View Tools Window About Quit Import Insert Format Select Clear Reset
Browse Connect Disconnect Install Update Remove Archive Restore Sync Filter Sort Merge Split
Attach Send Reply Forward Bookmark History Account Profile Privacy Security Network Display
Sound Keyboard Mouse Printer Storage Battery Language Region Calendar Contacts Messages Photos
Music Videos Documents Desktop Trash Home Favorites Recent Library Project Build Debug Stop
Pause Resume Continue Finish Skip Accept Decline Approve Reject Later Enable Disable Lock Unlock
Mute Volume Brightness Theme Layout Sidebar Toolbar Status Details Summary Report Invoice Order
Cart Checkout Payment Shipping Address Password Username Email Phone Notes Tasks Schedule Alarm
Timer Weather Maps Travel Budget Balance Transfer Deposit Withdraw Preview Options Advanced
General Updates Backup Devices Welcome Dashboard Overview Inbox Outbox Drafts Sent Spam Labels
""".split()

VERBS = """Open Save Add New Show Hide Edit Remove Export Import Print Send View Clear Check Select Sort
Find Load Copy Move Rename Create Delete Reload Close Pin Share Lock Archive Restore""".split()

NOUNS = """File Folder Report Image Table Chart Page Tab Note Message Contact Event Account Filter Layer
Column Row Link Draft Backup Profile Password Theme Font Color Window Project Invoice Album Playlist
Calendar Task Widget Panel Session Template Record Photo Track Channel""".split()

PHRASES = """Dark Mode|Full Screen|Auto Save|Spell Check|Line Numbers|Word Wrap|Read Only|Show Grid|
Snap to Grid|Remember Me|Keep Signed In|Check for Updates|Show Hidden Files|Add to Cart|Send Feedback|
Mark as Read|Move to Trash|Open in Browser|Sign In|Sign Out|Select All|Export as CSV|Save as Template|
Zoom to Fit|Paste Special|Clear History|Empty Trash|Print Setup|Page Setup|Go to Line|Next Page|
Previous Page|First Page|Last Page|Start Over|Try Again|Learn More|Get Started|Skip Intro|Show Less|
Show More|Load More|Test Sound|Night Light|Do Not Disturb|Airplane Mode|Battery Saver|Large Text|
High Contrast|Safe Mode|Private Window|Reset Zoom|Actual Size|Fit Width|Split View|Merge Cells|
Insert Row|Delete Column|Sort Ascending|Group By|Apply Filter|New Tab|Reopen Tab|Mute Tab""".replace(
    "\n", "").split("|")

# Two- and three-letter words: short labels are the hardest for OCR and for a locator.
SHORT = "OK No Yes Go Up Add Run Cut Fix Max Min Log Map Key Pin Tag Zip Top End Box Mix Sum Set Fit".split()

# Texts with digits: (template, lowest, highest).
NUMBERED = [("Page {}", 1, 40), ("Item {}", 1, 99), ("Tab {}", 1, 12), ("Step {}", 1, 9),
            ("Row {}", 1, 60), ("Slot {}", 1, 16), ("Level {}", 1, 20), ("Room {}", 100, 499),
            ("Build {}", 100, 999), ("Track {}", 1, 24), ("{} items", 2, 90), ("{}%", 5, 100),
            ("Zone B{}", 1, 9), ("Port {}", 1024, 9999), ("Day {}", 1, 31), ("Vol. {}", 1, 12)]

# Whole-word pairs: the first is a prefix or sub-phrase of the second. A locator asked for the first
# must not stop at the second (nor the other way round).
PAIRS = [("Save", "Save as"), ("Open", "Open recent"), ("Print", "Print preview"), ("Find", "Find next"),
         ("Close", "Close all"), ("Export", "Export PDF"), ("Undo", "Undo all"), ("Zoom", "Zoom in"),
         ("Copy", "Copy link"), ("Search", "Search files"), ("Delete", "Delete all"),
         ("Share", "Share screen"), ("Settings", "Advanced Settings"), ("Help", "Get Help"),
         ("Window", "New Window"), ("Tools", "Developer Tools"), ("Refresh", "Refresh now"),
         ("Upload", "Upload photos"), ("Rename", "Rename file"), ("Sync", "Sync contacts"),
         ("Reply", "Reply all"), ("Filter", "Quick Filter"), ("Preview", "Live Preview"),
         ("Report", "Bug Report")]

# Texts for entry fields: what a user would have typed.
FIRST_NAMES = "Alice Bruno Chen Dana Emil Fatima Greta Hugo Ines Jonas Kira Liam Mei Nora Omar Pia".split()
LAST_NAMES = "Berg Costa Dubois Evans Fischer Garcia Hansen Ito Jensen Kowalski Lopez Meyer Novak".split()
FILE_STEMS = "report budget notes photo invoice draft summary slides backup agenda minutes".split()
FILE_EXTS = "txt pdf png csv odt xlsx md json".split()
CITIES = "Berlin Lisbon Oslo Madrid Vienna Prague Dublin Zurich Warsaw Athens Tallinn Riga".split()


# X core fonts for the Xaw clients (-fn), served by the X server (xfonts-base, xfonts-75dpi, xfonts-100dpi).
CORE_FONTS = [
    "fixed", "6x13", "7x13", "7x13bold", "7x14", "8x13", "9x15", "9x15bold", "10x20",
    "-adobe-helvetica-medium-r-normal--12-*-*-*-*-*-iso8859-1",
    "-adobe-helvetica-bold-r-normal--14-*-*-*-*-*-iso8859-1",
    "-adobe-times-medium-r-normal--14-*-*-*-*-*-iso8859-1",
    "-adobe-courier-medium-r-normal--12-*-*-*-*-*-iso8859-1",
    "-b&h-lucida-medium-r-normal-sans-12-*-*-*-*-*-iso8859-1",
    "-adobe-new century schoolbook-medium-r-normal--14-*-*-*-*-*-iso8859-1",
]

CORE_COLOURS = [("#1565c0", "white"), ("#ffca28", "black"), ("#202124", "#e8eaed"), ("#2e7d32", "white"),
                ("lightyellow", "black"), ("#37474f", "white"), ("white", "#1a237e"), ("#c62828", "white")]

class LabelMaker:
    """Makes label texts for one screen from a seeded random.Random.

    Every text it hands out is unique on the screen, and none is a case-insensitive substring of another,
    except the members of the deliberate pairs it was asked for (`pairs`)."""

    def __init__(self, rng):
        self.rng = rng
        self.taken = []  # texts handed out (and any reserved by the caller), lower-cased

    def clashes(self, text):
        """Whether text is, or contains, a text already taken (case-insensitive substrings)."""
        low = text.lower()
        return any(low in other or other in low for other in self.taken)

    def take(self, text):
        self.taken.append(text.lower())
        return text

    def pairs(self, count):
        """`count` deliberate (short, long) pairs, as a list of tuples."""
        chosen = []
        candidates = list(PAIRS)
        self.rng.shuffle(candidates)
        for short, long in candidates:
            if len(chosen) == count:
                break
            if self.clashes(short) or self.clashes(long):
                continue
            self.take(short)
            self.take(long)
            chosen.append((short, long))
        return chosen

    def _candidate(self, style):
        rng = self.rng
        if style == "word":
            return rng.choice(UI_WORDS)
        if style == "two":
            return "%s %s" % (rng.choice(VERBS), rng.choice(NOUNS))
        if style == "phrase":
            return rng.choice(PHRASES)
        if style == "short":
            return rng.choice(SHORT)
        if style == "number":
            template, low, high = rng.choice(NUMBERED)
            return template.format(rng.randint(low, high))
        if style == "version":
            return "v%d.%d" % (rng.randint(1, 9), rng.randint(0, 19))
        if style == "name":
            return "%s %s" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if style == "file":
            return "%s%s.%s" % (rng.choice(FILE_STEMS), rng.choice(["", "_%d" % rng.randint(1, 99)]),
                                rng.choice(FILE_EXTS))
        if style == "city":
            return "%s %d" % (rng.choice(CITIES), rng.randint(10000, 99999))
        if style == "email":
            return "%s.%s@example.org" % (rng.choice(FIRST_NAMES).lower(), rng.choice(LAST_NAMES).lower())
        raise ValueError(style)

    LABEL_STYLES = [("word", 30), ("two", 22), ("phrase", 18), ("short", 10), ("number", 12), ("version", 4)]
    ENTRY_STYLES = [("name", 25), ("file", 25), ("city", 15), ("email", 10), ("number", 10), ("two", 15)]

    def make(self, styles=None, caps_chance=0.15, attempts=400):
        """A fresh text; styles is a list of (style, weight). Some texts come out ALL-CAPS."""
        styles = styles or self.LABEL_STYLES
        names = [s for s, _ in styles]
        weights = [w for _, w in styles]
        for _ in range(attempts):
            style = self.rng.choices(names, weights)[0]
            text = self._candidate(style)
            if style in ("word", "two", "phrase", "short", "number") and self.rng.random() < caps_chance:
                text = text.upper()
            if not self.clashes(text):
                return self.take(text)
        raise RuntimeError("could not find a fresh label text")

    def make_entry(self):
        return self.make(self.ENTRY_STYLES, caps_chance=0.0)


def emit(obj):
    """One JSON line on stdout, flushed at once (the consumer reads line by line)."""
    try:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass


def truth(toolkit, kind, text, box, **extra):
    line = {"toolkit": toolkit, "kind": kind, "text": text, "box": [int(v) for v in box]}
    line.update(extra)
    emit(line)


def fail(message, code=2):
    sys.stderr.write("%s: %s\n" % (os.path.basename(sys.argv[0]), message))
    sys.stderr.flush()
    sys.exit(code)


def display_name():
    name = os.environ.get("DISPLAY")
    if not name:
        fail("DISPLAY is not set; run on an X display, e.g. DISPLAY=:55")
    return name


def need_tools(*tools):
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        fail("missing commands: %s (Debian: x11-utils for xmessage/xwininfo/xlsfonts, x11-apps for xedit)"
             % ", ".join(missing))


def check_display():
    """Exit non-zero with a clear message when the X display cannot be opened; returns (width, height)."""
    name = display_name()
    try:
        out = subprocess.run(["xwininfo", "-root"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as error:
        fail("cannot query X display %s: %s" % (name, error))
    if out.returncode != 0:
        fail("cannot open X display %s: %s" % (name, out.stderr.strip() or "xwininfo failed"))
    info = parse_window_info(out.stdout)
    return info["width"], info["height"]


def core_font_exists(name):
    """Whether the X server has a core font matching `name` (xlsfonts prints nothing when it has not)."""
    out = subprocess.run(["xlsfonts", "-fn", name], capture_output=True, text=True, timeout=10)
    return out.returncode == 0 and out.stdout.strip() != ""


_INFO_FIELDS = {
    "Absolute upper-left X": "x", "Absolute upper-left Y": "y", "Width": "width", "Height": "height",
    "Border width": "border", "Depth": "depth",
}


def parse_window_info(text):
    info = {}
    for line in text.splitlines():
        line = line.strip()
        for label, key in _INFO_FIELDS.items():
            if line.startswith(label + ":"):
                info[key] = int(line.split(":", 1)[1].strip())
        if line.startswith("Map State:"):
            info["map_state"] = line.split(":", 1)[1].strip()
        m = re.match(r'xwininfo: Window id: (0x[0-9a-f]+)', line)
        if m:
            info["id"] = m.group(1)
    return info


def window_info(window_id):
    out = subprocess.run(["xwininfo", "-id", window_id], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        return None
    return parse_window_info(out.stdout)


def window_by_name(name):
    """The window info of the top-level window named `name`, or None."""
    out = subprocess.run(["xwininfo", "-name", name], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        return None
    return parse_window_info(out.stdout)


_TREE_LINE = re.compile(r'^(\s*)(0x[0-9a-f]+) .*?\s(\d+)x(\d+)([+-]-?\d+)([+-]-?\d+)\s+\+(-?\d+)\+(-?\d+)\s*$')


def check_fits(info, screen_w, screen_h, what):
    """Exits with a clear message when a window (window_info, border included) is not wholly on the screen:
    text outside it cannot be seen, and xwd cannot read such a window."""
    border = info.get("border", 0)
    x, y = info["x"], info["y"]  # xwininfo's "Absolute upper-left" is the corner outside the border
    w, h = info["width"] + 2 * border, info["height"] + 2 * border
    if x < 0 or y < 0 or x + w > screen_w or y + h > screen_h:
        fail("%s (%dx%d at +%d+%d) does not fit the %dx%d screen; choose a smaller --x/--y"
             % (what, w, h, x, y, screen_w, screen_h))


def window_tree(window_id):
    """The descendants of a window as a tree: a list of dicts with id, width, height (inside the border),
    rel_x, rel_y (outer corner, relative to the parent), abs_x, abs_y (outer corner on the screen), depth
    (nesting level, 1 = child) and children."""
    out = subprocess.run(["xwininfo", "-tree", "-id", window_id], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        return []
    roots, stack = [], []
    base_indent = None
    for line in out.stdout.splitlines():
        m = _TREE_LINE.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        if base_indent is None:
            base_indent = indent
        level = (indent - base_indent) // 3 + 1
        node = {"id": m.group(2), "width": int(m.group(3)), "height": int(m.group(4)),
                "rel_x": int(m.group(5).replace("+", "", 1)), "rel_y": int(m.group(6).replace("+", "", 1)),
                "abs_x": int(m.group(7)), "abs_y": int(m.group(8)), "depth": level, "children": []}
        while stack and stack[-1]["depth"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    return roots


def shown_tree(child, title, program, screen_w, screen_h):
    """The window tree below `program`'s top window titled `title` once it is viewable (and fits the
    screen), or None while it is not; fails when the program exited before it was shown."""
    if child.poll() is not None:
        fail("%s exited with status %d before it was shown" % (program, child.returncode))
    top = window_by_name(title)
    if not top or top.get("map_state") != "IsViewable":
        return None
    check_fits(top, screen_w, screen_h, "%s's window" % program)
    return window_tree(top["id"])


def report(runner, toolkit, boxes, screen_w, screen_h, **extra):
    """Prints the ground truth for `boxes` ((kind, text, (x, y, w, h)) each), then {"ready": true}; fails
    through `runner` when a box lies outside the screen."""
    for kind, text, (x, y, w, h) in boxes:
        if x < 0 or y < 0 or x + w > screen_w or y + h > screen_h:
            runner.fail("%r lies outside the %dx%d screen at %r; choose a smaller --x/--y"
                        % (text, screen_w, screen_h, (x, y, w, h)))
    for kind, text, box in boxes:
        truth(toolkit, kind, text, box, **extra)
    emit({"ready": True})


def outer_box(node):
    """A child window's box on the screen including its X border (Xaw draws its frame as the X border)."""
    info = window_info(node["id"]) or {}
    border = info.get("border", 0)
    return [node["abs_x"], node["abs_y"], node["width"] + 2 * border, node["height"] + 2 * border]


def die_with_parent():
    """For subprocess.Popen(preexec_fn=...): the child gets SIGTERM when this process dies, even by SIGKILL
    (Linux prctl PR_SET_PDEATHSIG), so no X client outlives its generator."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, 15, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGTERM
    except (OSError, AttributeError):
        pass


class Child:
    """An X client run by a generator. SIGTERM or SIGINT to the generator raises SystemExit(0) wherever it is
    waiting; the generator's `finally: child.end()` then ends the client. (Ending it from inside the signal
    handler could deadlock: Popen.wait holds a lock that a second wait in the handler would wait for.)"""

    def __init__(self):
        self.process = None
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def start(self, command, **options):
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                                        preexec_fn=die_with_parent, **options)
        return self.process

    def end(self):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    @staticmethod
    def _stop(_signum, _frame):
        raise SystemExit(0)

    def fail(self, message):
        self.end()
        fail(message)


def read_xwd(data):
    """(width, height, rows) of an xwd dump of a TrueColor 24/32-bit window: rows of bytes, RGB per pixel."""
    import struct
    header = struct.unpack(">25I", data[:100])
    header_size, pixmap_format, width, height = header[0], header[2], header[4], header[5]
    byte_order, bits_per_pixel, bytes_per_line, ncolors = header[7], header[11], header[12], header[19]
    if pixmap_format != 2 or bits_per_pixel != 32:
        raise ValueError("only 32-bit ZPixmap xwd dumps are read (got format %d, %d bits per pixel)"
                         % (pixmap_format, bits_per_pixel))
    start = header_size + ncolors * 12
    rows = []
    for y in range(height):
        line = data[start + y * bytes_per_line: start + y * bytes_per_line + width * 4]
        rgb = bytearray(width * 3)
        if byte_order == 0:  # LSBFirst: B G R x
            rgb[0::3], rgb[1::3], rgb[2::3] = line[2::4], line[1::4], line[0::4]
        else:                # MSBFirst: x R G B
            rgb[0::3], rgb[1::3], rgb[2::3] = line[1::4], line[2::4], line[3::4]
        rows.append(rgb)
    return width, height, rows


def window_is_drawn(window_id, least_colours=2):
    """Whether a window shows more than its background: at least `least_colours` distinct pixel values
    inside its border (an undrawn Xaw widget is one flat colour)."""
    out = subprocess.run(["xwd", "-silent", "-nobdrs", "-id", window_id], capture_output=True, timeout=10)
    if out.returncode != 0 or len(out.stdout) < 100:
        return False
    try:
        _, _, rows = read_xwd(out.stdout)
    except ValueError:
        return True  # a visual this reader does not know: do not hold the screen back for it
    colours = set()
    for row in rows:
        colours.update(bytes(row[i:i + 3]) for i in range(0, len(row), 3))
        if len(colours) >= least_colours:
            return True
    return False


def wait_for(predicate, timeout, interval=0.05):
    """Polls predicate() until it returns something truthy or timeout seconds pass; returns that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return value
        time.sleep(interval)
