#!/usr/bin/env python3
"""Draws one seeded Tk screen for the OCR corpus and prints where each text is.

    DISPLAY=:55 python3 Tools/ocr-corpus/tk-screen.py --seed 1 [--width 1024 --height 768 --x 0 --y 0]

A toplevel of W x H at (X, Y) (no window manager needed: the position comes from `geometry`) holds 20-40
widgets in a grid: buttons (reliefs raised/ridge/groove/solid/sunken/flat, borders 1-3, tight padding),
labels, checkbuttons, radiobuttons, entries with text, and sometimes a menu bar of menubuttons. The theme
(light, dark, coloured), every widget's font (DejaVu Sans/Serif/Sans Mono, Nimbus Sans/Roman at 8-16 pt,
normal or bold, or an X bitmap font such as 7x14 or adobe-helvetica-12) and every text come from the seed.

Prints one JSON line per text, with the box Tk itself reports for the widget (winfo_rootx/rooty/width/
height, screen pixels), then {"ready": true} once the window is viewable and drawn, and runs until killed.
"""

import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, HERE)
import corpus  # noqa: E402

# Tk on Debian draws with Xft/fontconfig, and Debian's fontconfig hides bitmap fonts; this configuration lets
# the X bitmap fonts through. It must be in place before Tk (and so fontconfig) starts.
BITMAP_CONF = os.path.join(HERE, "fonts-bitmap.conf")
if os.path.exists(BITMAP_CONF) and "OCR_CORPUS_NO_BITMAP_FONTS" not in os.environ:
    os.environ["FONTCONFIG_FILE"] = BITMAP_CONF

try:
    import tkinter as tk
    import tkinter.font as tkfont
except ImportError as error:  # e.g. a Python without _tkinter
    corpus.fail("python3 has no tkinter (%s); install python3-tk or use a Python built with Tk" % error)

# Keys of calculators and editors' toolbars: symbols alone, and symbols next to letters.
SYMBOL_KEYS = ["*", "=", "+", "/", "%", "+/-", "x!", "x²", "√", "(", ")", "1/x", "x^y", "<<", ">>", "#", "&", "?",
               "@", "$", "π", "±", "÷", "×", "n!", "2nd", "C", "CE", "MR", "M+"]

SCALABLE_FAMILIES = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", "Nimbus Sans", "Nimbus Roman"]

# X bitmap fonts as Tk reaches them through fontconfig: (the XLFD it stands for, Tk font, cell width of a
# monospaced font or None). Tk parses an XLFD name into family, size and weight only, and for "fixed" medium
# at 12 or 13 px fontconfig then prefers the Japanese 12x13ja (its weight is "medium", as Tk asks); so these
# are Tk tuples with pixel sizes (negative) that exist as bitmaps, each checked at start-up (font.actual,
# cell width) and replaced by DejaVu Sans when Tk does not get it.
BITMAP_FONTS = [
    ("-misc-fixed-medium-r-normal--10-*-*-*-*-*-*-*", ("Fixed", -10, "normal"), 6),      # 6x10
    ("-misc-fixed-bold-r-normal--13-*-*-*-*-*-*-*", ("Fixed", -13, "bold"), 7),          # 7x13B
    ("-misc-fixed-medium-r-normal--14-*-*-*-*-*-*-*", ("Fixed", -14, "normal"), 7),      # 7x14
    ("-misc-fixed-bold-r-normal--14-*-*-*-*-*-*-*", ("Fixed", -14, "bold"), 7),          # 7x14B
    ("-misc-fixed-medium-r-normal--15-*-*-*-*-*-*-*", ("Fixed", -15, "normal"), 9),      # 9x15
    ("-misc-fixed-bold-r-normal--15-*-*-*-*-*-*-*", ("Fixed", -15, "bold"), 9),          # 9x15B
    ("-misc-fixed-medium-r-normal--20-*-*-*-*-*-*-*", ("Fixed", -20, "normal"), 10),     # 10x20
    ("-adobe-helvetica-medium-r-normal--12-*-*-*-*-*-*-*", ("Helvetica", -12, "normal"), None),
    ("-adobe-helvetica-bold-r-normal--12-*-*-*-*-*-*-*", ("Helvetica", -12, "bold"), None),
    ("-adobe-helvetica-medium-r-normal--17-*-*-*-*-*-*-*", ("Helvetica", -17, "normal"), None),
    ("-adobe-helvetica-bold-r-normal--17-*-*-*-*-*-*-*", ("Helvetica", -17, "bold"), None),
    ("-adobe-times-medium-r-normal--12-*-*-*-*-*-*-*", ("Times", -12, "normal"), None),
    ("-adobe-times-bold-r-normal--14-*-*-*-*-*-*-*", ("Times", -14, "bold"), None),
    ("-adobe-times-medium-r-normal--17-*-*-*-*-*-*-*", ("Times", -17, "normal"), None),
    ("-adobe-courier-medium-r-normal--12-*-*-*-*-*-*-*", ("Courier", -12, "normal"), 7),
    ("-adobe-courier-bold-r-normal--12-*-*-*-*-*-*-*", ("Courier", -12, "bold"), 7),
    ("-b&h-lucida-medium-r-normal-sans-12-*-*-*-*-*-*-*", ("Lucida", -12, "normal"), None),
    ("-b&h-lucida-bold-r-normal-sans-17-*-*-*-*-*-*-*", ("Lucida", -17, "bold"), None),
    ("-b&h-lucidatypewriter-medium-r-normal-sans-12-*-*-*-*-*-*-*", ("LucidaTypewriter", -12, "normal"), 7),
    ("-adobe-new century schoolbook-medium-r-normal--12-*-*-*-*-*-*-*",
     ("New Century Schoolbook", -12, "normal"), None),
    ("-bitstream-charter-medium-r-normal--12-*-*-*-*-*-*-*", ("Charter", -12, "normal"), None),
]

RELIEFS = ["raised", "ridge", "groove", "solid", "sunken", "flat"]

# Saturated backgrounds with a readable foreground, for the coloured theme.
COLOURED = [("#1565c0", "#ffffff"), ("#ffca28", "#000000"), ("#2e7d32", "#ffffff"), ("#c62828", "#ffffff"),
            ("#6a1b9a", "#ffffff"), ("#4dd0e1", "#000000"), ("#ff8a65", "#000000"), ("#37474f", "#ffffff"),
            ("#aed581", "#000000"), ("#00695c", "#ffffff"), ("#f06292", "#000000"), ("#283593", "#ffffff")]

MENU_WORDS = ["File", "Edit", "View", "Insert", "Format", "Tools", "Window", "Help", "Go", "Run", "Debug",
              "Bookmarks", "History", "Project", "Image", "Layer", "Table", "Data", "Navigate", "Account"]

KIND_WEIGHTS = [("button", 40), ("label", 20), ("checkbutton", 14), ("radiobutton", 12), ("entry", 14)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--width", type=int, default=1024)
    parser.add_argument("--height", type=int, default=768)
    parser.add_argument("--x", type=int, default=0)
    parser.add_argument("--y", type=int, default=0)
    parser.add_argument("--symbols", action="store_true",
                        help="a calculator's keypad instead of the widget grid: buttons labelled with symbols "
                             "(*, =, +/-, x!, x², ...), fonts, theme and reliefs from the seed")
    parser.add_argument("--theme", choices=["light", "dark", "coloured"],
                        help="overrides the theme the seed picks (everything else stays as the seed has it)")
    args = parser.parse_args()
    if args.width < 300 or args.height < 200:
        parser.error("the window must be at least 300x200")
    return args


class Fonts:
    """Font choices from the seed; bitmap fonts that Tk cannot draw here fall back to DejaVu Sans."""

    def __init__(self, root):
        self.root = root
        self.cache = {}
        self.bitmap_ok = {}
        self.unavailable = []

    def _bitmap_works(self, index):
        if index not in self.bitmap_ok:
            xlfd, spec, cell = BITMAP_FONTS[index]
            font = tkfont.Font(root=self.root, font=spec)
            actual = font.actual()
            works = (actual["family"].lower() == spec[0].lower() and actual["weight"] == spec[2]
                     and font.measure("Hello") > 0)
            if works and cell is not None:
                works = font.measure("0") == cell and font.measure("iiii") == 4 * cell
            self.bitmap_ok[index] = works
            if not works:
                self.unavailable.append(xlfd)
        return self.bitmap_ok[index]

    def pick(self, rng):
        """(Tk font, description) for one widget. Consumes the same random numbers whatever is installed."""
        if rng.random() < 0.3:
            index = rng.randrange(len(BITMAP_FONTS))
            size = rng.randint(8, 16)  # drawn anyway so that a fallback leaves the sequence unchanged
            if self._bitmap_works(index):
                xlfd, spec, _ = BITMAP_FONTS[index]
                return self._font(spec), xlfd
            spec = ("DejaVu Sans", size, "normal")
            return self._font(spec), "DejaVu Sans %d (for %s)" % (size, BITMAP_FONTS[index][0])
        family = rng.choice(SCALABLE_FAMILIES)
        size = rng.randint(8, 16)
        weight = "bold" if rng.random() < 0.3 else "normal"
        spec = (family, size, weight)
        font = self._font(spec)
        described = "%s %d%s" % (family, size, " bold" if weight == "bold" else "")
        drawn = font.actual("family")
        if drawn.lower() != family.lower():  # fontconfig substituted another family
            self.unavailable.append(family)
            described += " (drawn in %s)" % drawn
        return font, described

    def _font(self, spec):
        if spec not in self.cache:
            self.cache[spec] = tkfont.Font(root=self.root, font=spec)
        return self.cache[spec]


def make_theme(rng, override):
    name = rng.choice(["light", "light", "dark", "coloured"])
    name = override or name
    if name == "light":
        window = rng.choice(["#d9d9d9", "#ececec", "#f5f5f5", "#ffffff"])
        return {"name": name, "window": window, "fg": "#000000", "button": rng.choice(["#d9d9d9", window]),
                "entry": "#ffffff", "select": "#ffffff", "border": "#000000"}
    if name == "dark":
        return {"name": name, "window": "#202124", "fg": "#e8eaed", "button": rng.choice(["#303134", "#3c4043"]),
                "entry": "#303134", "select": "#5f6368", "border": "#9aa0a6"}
    window = rng.choice(["#fafafa", "#eceff1", "#fff8e1", "#e3f2fd"])
    return {"name": name, "window": window, "fg": "#000000", "button": "#d9d9d9", "entry": "#ffffff",
            "select": "#ffffff", "border": "#000000"}


def colours(kind, theme, rng):
    """Background and foreground of one widget."""
    if theme["name"] == "coloured":
        if kind in ("label", "checkbutton", "radiobutton") and rng.random() < 0.4:
            return theme["window"], theme["fg"]
        if kind == "entry":
            return (theme["entry"], "#000000") if rng.random() < 0.6 else rng.choice(COLOURED)
        return rng.choice(COLOURED)
    if kind == "entry":
        return theme["entry"], theme["fg"]
    if kind in ("button", "menu"):
        return theme["button"], theme["fg"]
    return theme["window"], theme["fg"]


def common_options(bg, fg, font, theme):
    return {"bg": bg, "fg": fg, "font": font, "highlightthickness": 0,
            "highlightbackground": theme["window"], "highlightcolor": theme["window"]}


def active_options(bg, fg):
    # The pointer may rest over a widget (Xvfb puts it mid-screen): keep the look the same when it does.
    return {"activebackground": bg, "activeforeground": fg}


class Screen:
    def __init__(self, root, args, rng):
        self.root = root
        self.args = args
        self.rng = rng
        self.labels = corpus.LabelMaker(rng)
        self.fonts = Fonts(root)
        self.theme = make_theme(rng, args.theme)
        self.items = []      # (widget, kind, text, font description, in a pair)
        self.variables = []  # Tk variables must outlive the widgets that show them
        self.radio_groups = []

    def build(self):
        rng, theme = self.rng, self.theme
        root = self.root
        root.configure(bg=theme["window"])
        if self.args.symbols:
            self.build_keypad()
            return

        total = rng.randint(20, 40)
        pairs = self.labels.pairs(rng.randint(2, 4))
        pair_texts = {t for pair in pairs for t in pair}

        menubar = None
        if rng.random() < 0.5:
            menubar = tk.Frame(root, bg=theme["button"] if theme["name"] != "coloured" else "#d9d9d9",
                               relief=rng.choice(["raised", "flat", "groove"]), bd=rng.randint(1, 2))
            menubar.place(x=0, y=0, relwidth=1.0)
            count = rng.randint(3, 6)
            words = [w for w in MENU_WORDS]
            rng.shuffle(words)
            font, described = self.fonts.pick(rng)
            for word in words:
                if count == 0:
                    break
                if self.labels.clashes(word):
                    continue
                text = self.labels.take(word)
                bg = menubar["bg"]
                fg = "#000000" if theme["name"] != "dark" else theme["fg"]
                button = tk.Menubutton(menubar, text=text, relief="flat", bd=0, padx=rng.randint(3, 8),
                                       pady=rng.randint(1, 4), **common_options(bg, fg, font, theme),
                                       **active_options(bg, fg))
                button.pack(side="left")
                self.items.append((button, "menu", text, described, False))
                count -= 1

        # The texts of the grid, the pair members among them, in a seeded order.
        kinds = [k for k, _ in KIND_WEIGHTS]
        weights = [w for _, w in KIND_WEIGHTS]
        wanted = total - len(self.items)
        plan = []
        for text in sorted(pair_texts):
            plan.append((rng.choices(["button", "label", "checkbutton", "radiobutton"], [5, 2, 2, 1])[0], text))
        while len(plan) < wanted:
            plan.append((rng.choices(kinds, weights)[0], None))
        rng.shuffle(plan)

        self.grid_frame = tk.Frame(root, bg=theme["window"], bd=0)
        self.cells = []  # widget or None (an empty cell)
        radio_group, radio_left = None, 0
        for kind, text in plan:
            if rng.random() < 0.08:
                self.cells.append(None)
            if kind == "radiobutton" and radio_left == 0:
                radio_group = tk.StringVar(root, value="")
                self.variables.append(radio_group)
                radio_left = rng.randint(2, 4)
            widget, text = self.make_widget(kind, text, radio_group)
            if kind == "radiobutton":
                radio_left -= 1
            self.cells.append(widget)

        margin = rng.randint(6, 24)
        self.gap_x = rng.randint(3, 14)
        self.gap_y = rng.randint(2, 9)
        self.columns = rng.randint(3, 6)
        self.stickies = [rng.choice(["w", "w", "w", "", "", "e", "ew"]) for _ in self.cells]
        # Spread: rows and columns share the whole window (widgets keep their own size); else packed top-left.
        self.spread = rng.random() < 0.6
        if self.spread:
            self.stickies = ["w" if sticky == "ew" else sticky for sticky in self.stickies]
        top = margin
        if menubar is not None:
            root.update_idletasks()
            top = menubar.winfo_reqheight() + rng.randint(4, 16)
        self.grid_frame.place(x=margin, y=top)
        avail_w, avail_h = self.args.width - 2 * margin, self.args.height - top - margin
        columns = self.fit(avail_w, avail_h)
        if self.spread:
            rows = (len(self.cells) + columns - 1) // columns
            for column in range(columns):
                self.grid_frame.grid_columnconfigure(column, weight=1)
            for row in range(rows):
                self.grid_frame.grid_rowconfigure(row, weight=1)
            self.grid_frame.grid_propagate(False)
            self.grid_frame.place_configure(width=avail_w, height=avail_h)

    def build_keypad(self):
        """A calculator's keys: symbol labels in a grid of buttons, one font for all (as calculators have)."""
        rng, theme = self.rng, self.theme
        keys = list(SYMBOL_KEYS)
        rng.shuffle(keys)
        keys = keys[:rng.randint(16, len(keys))]
        font, described = self.fonts.pick(rng)
        relief, bd = rng.choice(RELIEFS), rng.randint(1, 3)
        columns = rng.randint(4, 6)
        frame = tk.Frame(self.root, bg=theme["window"], bd=0)
        margin = rng.randint(8, 24)
        frame.place(x=margin, y=margin)
        width, pad = rng.randint(3, 6), rng.randint(2, 10)
        for index, text in enumerate(keys):
            bg, fg = colours("button", theme, rng)
            button = tk.Button(frame, text=text, relief=relief, bd=bd, width=width, pady=rng.randint(2, 8),
                               **common_options(bg, fg, font, theme), **active_options(bg, fg))
            button.grid(row=index // columns, column=index % columns, padx=pad, pady=pad)
            self.items.append((button, "button", text, described, False))

    def make_widget(self, kind, text, radio_group):
        rng, theme = self.rng, self.theme
        in_pair = text is not None
        if text is None:
            text = self.labels.make_entry() if kind == "entry" else self.labels.make()
        font, described = self.fonts.pick(rng)
        bg, fg = colours(kind, theme, rng)
        options = common_options(bg, fg, font, theme)
        parent = self.grid_frame
        if kind == "button":
            widget = tk.Button(parent, text=text, relief=rng.choice(RELIEFS), bd=rng.randint(1, 3),
                               padx=rng.randint(0, 4), pady=rng.randint(0, 4), **options,
                               **active_options(bg, fg))
        elif kind == "label":
            relief = rng.choice(["flat", "flat", "flat", "sunken", "groove", "ridge", "solid"])
            widget = tk.Label(parent, text=text, relief=relief, bd=rng.randint(1, 2) if relief != "flat" else 0,
                              padx=rng.randint(0, 4), pady=rng.randint(0, 4), **options)
        elif kind in ("checkbutton", "radiobutton"):
            select = theme["select"] if theme["name"] != "coloured" else "#ffffff"
            extra = {"selectcolor": select, "padx": rng.randint(0, 4), "pady": rng.randint(0, 4),
                     "relief": "flat", "bd": rng.randint(0, 2)}
            if rng.random() < 0.1:  # drawn as a toggle button, without an indicator
                extra.update(indicatoron=0, relief="raised", bd=2, selectcolor=bg)
            if kind == "checkbutton":
                variable = tk.IntVar(self.root, value=1 if rng.random() < 0.5 else 0)
                self.variables.append(variable)
                widget = tk.Checkbutton(parent, text=text, variable=variable, **options,
                                        **active_options(bg, fg), **extra)
            else:
                widget = tk.Radiobutton(parent, text=text, variable=radio_group, value=text, **options,
                                        **active_options(bg, fg), **extra)
                if radio_group.get() == "" and rng.random() < 0.6:
                    radio_group.set(text)
        elif kind == "entry":
            zero = max(1, font.measure("0"))
            chars = -(-font.measure(text) // zero) + rng.randint(1, 4)
            widget = tk.Entry(parent, width=chars, relief=rng.choice(["sunken", "sunken", "solid", "groove"]),
                              bd=rng.randint(1, 2), insertofftime=0, insertwidth=1, takefocus=0,
                              insertbackground=bg, disabledbackground=bg, readonlybackground=bg,
                              selectbackground=bg, selectforeground=fg, exportselection=0, **options)
            widget.insert(0, text)
            widget.xview_moveto(0)
        else:
            raise ValueError(kind)
        self.items.append((widget, kind, text, described, in_pair))
        return widget, text

    def fit(self, avail_w, avail_h):
        """Grids the cells, with fewer columns or (past that) fewer widgets until the grid fits the window.
        Uses no random numbers, so the seed's sequence does not depend on the fonts installed."""
        droppable = [c for c in self.cells if c is not None and not self.in_pair(c) and not self.is_radio(c)]
        while True:
            for columns in range(self.columns, 0, -1):
                self.layout(columns)
                self.root.update_idletasks()
                fits_w = self.grid_frame.winfo_reqwidth() <= avail_w
                fits_h = self.grid_frame.winfo_reqheight() <= avail_h
                if fits_w and fits_h:
                    return columns
                if fits_w:  # fewer columns only makes it taller
                    break
            if not droppable:
                corpus.fail("the widgets do not fit a %dx%d window" % (self.args.width, self.args.height))
            victim = droppable.pop()
            index = self.cells.index(victim)
            del self.cells[index]
            del self.stickies[index]
            self.items = [item for item in self.items if item[0] is not victim]
            victim.destroy()

    def in_pair(self, widget):
        return any(item[0] is widget and item[4] for item in self.items)

    def is_radio(self, widget):
        return isinstance(widget, tk.Radiobutton)

    def layout(self, columns):
        for cell in self.cells:
            if cell is not None:
                cell.grid_forget()
        for index, cell in enumerate(self.cells):
            if cell is None:
                continue
            row, column = divmod(index, columns)
            cell.grid(row=row, column=column, sticky=self.stickies[index], padx=self.gap_x, pady=self.gap_y)

    def wait_drawn(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            self.root.update_idletasks()
            self.root.update()
            if self.root.winfo_viewable() and all(item[0].winfo_ismapped() for item in self.items):
                break
            if time.monotonic() > deadline:
                corpus.fail("the window did not become viewable within %.0f s" % timeout)
            time.sleep(0.01)
        # A short idle pause, then once more through the event loop: every Expose has been answered.
        pause = tk.BooleanVar(self.root, value=False)
        self.root.after(50, lambda: pause.set(True))
        self.root.wait_variable(pause)
        self.root.update_idletasks()
        self.root.update()

    def report(self, screen_w, screen_h):
        boxes = []
        for widget, kind, text, described, in_pair in self.items:
            box = (widget.winfo_rootx(), widget.winfo_rooty(), widget.winfo_width(), widget.winfo_height())
            if widget.winfo_width() < widget.winfo_reqwidth() or widget.winfo_height() < widget.winfo_reqheight():
                corpus.fail("%r is clipped: %dx%d of %dx%d" % (text, widget.winfo_width(), widget.winfo_height(),
                                                               widget.winfo_reqwidth(), widget.winfo_reqheight()))
            x, y, w, h = box
            if x < 0 or y < 0 or x + w > screen_w or y + h > screen_h:
                corpus.fail("%r lies outside the %dx%d screen: %r" % (text, screen_w, screen_h, box))
            if (x < self.args.x or y < self.args.y or x + w > self.args.x + self.args.width
                    or y + h > self.args.y + self.args.height):
                corpus.fail("%r lies outside the window: %r" % (text, box))
            boxes.append((box, kind, text, described))
        for i, (a, _, ta, _) in enumerate(boxes):
            for b, _, tb, _ in boxes[i + 1:]:
                if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]:
                    corpus.fail("%r and %r overlap: %r %r" % (ta, tb, a, b))
        for box, kind, text, described in boxes:
            corpus.truth("tk", kind, text, box, font=described)


def main():
    args = parse_args()
    corpus.display_name()
    try:
        root = tk.Tk(className="OcrCorpus")
    except tk.TclError as error:
        corpus.fail("cannot open X display %s: %s" % (os.environ.get("DISPLAY"), error))
    # Tk turns points into pixels by the X server's claimed size in millimetres: Xvfb's default claims about
    # 100 dpi (tk scaling 1.388). Pinning `tk scaling` instead was tried and breaks the bitmap fonts' exact
    # pixel sizes (Tk rounds them through whole points), so the server's dpi stays part of the screen.
    screen_w, screen_h = root.winfo_screenwidth(), root.winfo_screenheight()
    if args.x < 0 or args.y < 0 or args.x + args.width > screen_w or args.y + args.height > screen_h:
        corpus.fail("a %dx%d window at +%d+%d does not fit the %dx%d screen"
                    % (args.width, args.height, args.x, args.y, screen_w, screen_h))
    root.title("ocr-corpus tk seed %d" % args.seed)
    root.geometry("%dx%d+%d+%d" % (args.width, args.height, args.x, args.y))
    root.resizable(False, False)

    rng = random.Random(args.seed)
    screen = Screen(root, args, rng)
    screen.build()
    screen.wait_drawn()
    if root.winfo_rootx() != args.x or root.winfo_rooty() != args.y:
        corpus.fail("the window is at +%d+%d, not +%d+%d (is a window manager moving it?)"
                    % (root.winfo_rootx(), root.winfo_rooty(), args.x, args.y))
    if screen.fonts.unavailable:
        sys.stderr.write("tk-screen.py: fonts Tk cannot draw here, others used instead (see \"font\"): %s\n"
                         % ", ".join(sorted(set(screen.fonts.unavailable))))
    screen.report(screen_w, screen_h)
    corpus.emit({"ready": True})

    # Keep drawing (Expose) until killed; a timer lets Python see SIGTERM/SIGINT promptly.
    def tick():
        root.after(200, tick)
    root.after(200, tick)
    try:
        root.mainloop()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
