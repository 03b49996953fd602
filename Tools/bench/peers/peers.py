#!/usr/bin/env python3
"""Peer measurements for deskpilot-bench, taken on the same X display in the same run.

    python3 Tools/bench/peers/peers.py --display :N [--samples N] [--only capture|input|click|type]
                                       [--click X,Y] [--focus X,Y]

Prints one JSON object per line on stdout and nothing else, in the shape deskpilot-bench uses:
    {"bytes":N,"group":"capture","name":"peer: ...","samples_ms":[...]}
`bytes` and `chars` appear only where they mean something. Progress, warnings and skipped peers go to
stderr; a peer whose tool is missing or fails is skipped, never the whole run.

Sample counts follow deskpilot-bench for the measurement each peer is compared with: raw captures take
3 x N samples, observation pipelines N, clicks 10 x N, typing max(5, N / 2); two untimed warm-up runs
precede each capture and click series, one precedes each typing series.

The display is expected to be set up by the caller (deskpilot-bench): a 1920x1080x24 Xvfb with a busy
screen, and a text field holding the keyboard focus for typing. Clicks land at --click (default the
centre of the screen); --focus, when given, is clicked (untimed) before the typing peers so that the
clicks cannot have taken the focus away. Before each typing sample the field is cleared with ctrl+u,
untimed, as deskpilot-bench does.

The Python packages (mss, Pillow, python-xlib) are peer-comparison tools only, never Deskpilot runtime
dependencies; when missing they are installed once with pip into this interpreter.
"""

from __future__ import annotations

import argparse
import base64
import importlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
C_SOURCE = HERE / "xshm_png.c"
C_BINARY = Path("/tmp/deskpilot-xshm-png")

MODEL_WIDTH, MODEL_HEIGHT = 1504, 832
# The same 200 characters deskpilot-bench types (Tools/bench/Input.swift).
ASCII_TEXT = ("The Quick brown fox, 42 (jumps) over the lazy dog; THEN: runs! " * 4)[:200]

# Import name -> PyPI name.
PYTHON_PACKAGES = {"mss": "mss", "PIL": "pillow", "Xlib": "python-xlib"}

SUBPROCESS_TIMEOUT = 60.0


def log(message: str) -> None:
    print(f"peers: {message}", file=sys.stderr, flush=True)


def emit(group: str, name: str, samples_ms: list[float], *, bytes: int | None = None,
         chars: int | None = None) -> None:
    """One JSON line, as Measurement.jsonLine writes it: sorted keys, samples rounded to a microsecond."""
    record: dict[str, object] = {"group": group, "name": name,
                                 "samples_ms": [round(value, 3) for value in samples_ms]}
    if bytes is not None:
        record["bytes"] = bytes
    if chars is not None:
        record["chars"] = chars
    print(json.dumps(record, sort_keys=True, separators=(",", ":")), flush=True)


def sample(count: int, body: Callable[[int], object], warmup: int = 2) -> list[float]:
    """Runs body(i) `warmup` times untimed, then `count` times timed; milliseconds per run."""
    for i in range(warmup):
        body(i)
    samples = []
    for i in range(warmup, warmup + count):
        start = time.perf_counter_ns()
        body(i)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def run_peer(description: str, measure: Callable[[], None]) -> None:
    """Runs one peer; any failure skips that peer with a note on stderr."""
    log(f"measuring {description}…")
    try:
        measure()
    except Skip as skip:
        log(f"skipped {description}: {skip}")
    except Exception as error:  # noqa: BLE001 — one peer failing must not end the run
        log(f"skipped {description}: {type(error).__name__}: {error}")


class Skip(Exception):
    pass


def check(command: list[str] | str, **kwargs) -> subprocess.CompletedProcess:
    """Runs a command, raising Skip with its stderr when it fails or hangs."""
    try:
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                timeout=SUBPROCESS_TIMEOUT, **kwargs)
    except subprocess.TimeoutExpired:
        raise Skip(f"{command if isinstance(command, str) else ' '.join(command)} took over "
                   f"{SUBPROCESS_TIMEOUT:.0f} s") from None
    if result.returncode != 0:
        text = result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"
        raise Skip(f"{command if isinstance(command, str) else command[0]} failed: {text}")
    return result


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Skip(f"{name} is not installed (Tools/bootstrap --bench installs it)")
    return path


def real_executable(name: str) -> str | None:
    """The first `name` on PATH that is a compiled program, passing over wrapper scripts, so that a
    wrapper's interpreter start-up is not timed as part of the peer."""
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(directory or ".") / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            try:
                with open(candidate, "rb") as file:
                    if file.read(4) == b"\x7fELF":
                        return str(candidate)
            except OSError:
                continue
    return None


# MARK: Python packages

_python_packages_checked = False


def python_packages() -> set[str]:
    """The import names of PYTHON_PACKAGES available now; installs the missing ones with pip, once."""
    global _python_packages_checked
    missing = [module for module in PYTHON_PACKAGES if importlib.util.find_spec(module) is None]
    if missing and not _python_packages_checked:
        names = [PYTHON_PACKAGES[module] for module in missing]
        log(f"installing Python packages for the peers with pip: {' '.join(names)}")
        try:
            result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *names],
                                    stdout=sys.stderr, stderr=sys.stderr, timeout=600)
            if result.returncode != 0:
                log(f"pip install failed (exit status {result.returncode}); the peers that need "
                    f"{' '.join(names)} are skipped")
        except (OSError, subprocess.TimeoutExpired) as error:
            log(f"pip install failed ({error}); the peers that need {' '.join(names)} are skipped")
        importlib.invalidate_caches()
        missing = [module for module in PYTHON_PACKAGES if importlib.util.find_spec(module) is None]
    _python_packages_checked = True
    return set(PYTHON_PACKAGES) - set(missing)


def require_python(*modules: str) -> None:
    absent = [PYTHON_PACKAGES[module] for module in modules if module not in python_packages()]
    if absent:
        raise Skip(f"Python package{'s' if len(absent) > 1 else ''} {' and '.join(absent)} "
                   f"{'are' if len(absent) > 1 else 'is'} not available "
                   f"(pip install {' '.join(absent)})")


# MARK: C peer

_c_binary: Path | None = None
_c_failure: str | None = None


def c_binary() -> Path:
    """Compiles xshm_png.c once per run (when the binary is missing or older than the source)."""
    global _c_binary, _c_failure
    if _c_binary is not None:
        return _c_binary
    if _c_failure is not None:
        raise Skip(_c_failure)
    try:
        fresh = C_BINARY.exists() and C_BINARY.stat().st_mtime >= C_SOURCE.stat().st_mtime
        if not fresh:
            compiler = shutil.which("cc")
            if compiler is None:
                raise Skip("no C compiler (cc) to build xshm_png.c")
            log(f"compiling {C_SOURCE} -> {C_BINARY}")
            # Built under a private name and renamed, so a concurrent run never executes half a file.
            partial = C_BINARY.with_name(f"{C_BINARY.name}.{os.getpid()}")
            result = subprocess.run([compiler, "-O2", "-o", str(partial), str(C_SOURCE),
                                     "-lX11", "-lXext", "-lpng"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            if result.returncode != 0:
                partial.unlink(missing_ok=True)
                raise Skip("compiling xshm_png.c failed (needs libx11-dev libxext-dev libpng-dev): "
                           + result.stderr.decode(errors="replace").strip())
            os.replace(partial, C_BINARY)
    except Skip as skip:
        _c_failure = str(skip)
        raise
    except (OSError, subprocess.TimeoutExpired) as error:
        _c_failure = f"compiling xshm_png.c failed: {error}"
        raise Skip(_c_failure) from None
    _c_binary = C_BINARY
    return _c_binary


def measure_c(display: str, samples: int) -> None:
    binary = c_binary()
    output = check([str(binary), "-d", display, "-n", str(samples), "-w", "2"]).stdout.decode()
    captures, pipelines, encodes = [], [], []
    size = 0
    for line in output.splitlines():
        capture, pipeline, png_bytes = line.split()
        captures.append(float(capture))
        pipelines.append(float(pipeline))
        encodes.append(float(pipeline) - float(capture))
        size = int(png_bytes)
    if len(captures) != samples:
        raise Skip(f"xshm_png printed {len(captures)} samples, expected {samples}")
    emit("capture", "peer: C XShmGetImage", captures)
    emit("capture", "peer: C XShmGetImage + libpng level 1 (full frame)", pipelines, bytes=size)
    emit("png", "peer: C libpng level 1 encode (full frame)", encodes, bytes=size)


# MARK: Capture and observation peers

def open_mss(display: str):
    """An mss grabber on the display: mss.MSS from 10.2 on (mss.mss is deprecated there), else mss.mss."""
    import mss

    factory = getattr(mss, "MSS", None) or mss.mss
    return factory(display=display)


def measure_mss(display: str, samples: int) -> None:
    require_python("mss")
    import mss

    with open_mss(display) as grabber:
        monitor = grabber.monitors[1] if len(grabber.monitors) > 1 else grabber.monitors[0]
        shots = sample(samples, lambda _: grabber.grab(monitor))
        notes = "; ".join(getattr(grabber, "performance_status", None) or [])
        log(f"mss {mss.__version__}" + (f" ({notes})" if notes else ""))
    emit("capture", "peer: mss grab", shots)


def measure_python_pipeline(display: str, samples: int) -> None:
    require_python("mss", "PIL")
    from PIL import Image

    length = 0

    def observe(_: int) -> None:
        nonlocal length
        shot = grabber.grab(monitor)
        image = Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")
        resized = image.resize((MODEL_WIDTH, MODEL_HEIGHT), Image.BILINEAR)
        buffer = io.BytesIO()
        resized.save(buffer, format="PNG", compress_level=1)
        length = len(base64.b64encode(buffer.getvalue()))

    with open_mss(display) as grabber:
        monitor = grabber.monitors[1] if len(grabber.monitors) > 1 else grabber.monitors[0]
        observations = sample(samples, observe)
    emit("capture", "peer: Python in-process (mss + Pillow bilinear resize + PNG level 1 + base64)",
         observations, bytes=length)


def measure_demo_pipeline(display: str, samples: int) -> None:
    """What anthropic-quickstarts' computer-use-demo does per screenshot (tools/computer.py,
    BaseComputerTool.screenshot, without gnome-screenshot): each command through a shell, with a
    DISPLAY= prefix, into a fresh file; the resize rewrites the file in place; then the file is read
    and base64-encoded in Python."""
    require_tool("scrot")
    convert = real_executable("convert")
    if convert is None:
        raise Skip("ImageMagick's convert is not installed (Tools/bootstrap --bench installs it)")
    prefix = f"DISPLAY={display} "
    length = 0
    with tempfile.TemporaryDirectory(prefix="deskpilot-peers-") as directory:
        def observe(_: int) -> None:
            nonlocal length
            path = Path(directory) / f"screenshot_{uuid.uuid4().hex}.png"
            check(f"{prefix}scrot -p {path}", shell=True)
            check(f"{prefix}{convert} {path} -resize {MODEL_WIDTH}x{MODEL_HEIGHT}! {path}", shell=True)
            length = len(base64.b64encode(path.read_bytes()).decode())

        observations = sample(samples, observe)
    emit("capture", "peer: Anthropic demo pipeline (scrot + convert resize + base64)", observations,
         bytes=length)


# MARK: Input peers

class XTest:
    """python-xlib's XTest, as a client in this process would use it."""

    def __init__(self, display: str) -> None:
        require_python("Xlib")
        from Xlib import X, XK, display as xdisplay
        from Xlib.ext import xtest

        self.X, self.XK, self.xtest = X, XK, xtest
        self.display = xdisplay.Display(display)
        if not self.display.has_extension("XTEST"):
            raise Skip(f"the X server on {display} has no XTEST extension")
        self.root = self.display.screen().root
        self.shift = self.display.keysym_to_keycode(XK.XK_Shift_L)
        self.control = self.display.keysym_to_keycode(XK.XK_Control_L)

    def click(self, x: int, y: int) -> None:
        fake = self.xtest.fake_input
        fake(self.display, self.X.MotionNotify, x=x, y=y, root=self.root)
        fake(self.display, self.X.ButtonPress, 1)
        fake(self.display, self.X.ButtonRelease, 1)
        self.display.sync()

    def key(self, keycode: int, *, shift: bool = False, control: bool = False) -> None:
        fake, X = self.xtest.fake_input, self.X
        modifiers = ([self.shift] if shift else []) + ([self.control] if control else [])
        for modifier in modifiers:
            fake(self.display, X.KeyPress, modifier)
        fake(self.display, X.KeyPress, keycode)
        fake(self.display, X.KeyRelease, keycode)
        for modifier in reversed(modifiers):
            fake(self.display, X.KeyRelease, modifier)

    def type(self, text: str) -> None:
        """Keysym -> keycode through the keymap, shift where the keysym sits at index 1, and a round
        trip to the server after every character."""
        for character in text:
            keysym = ord(character)  # Latin-1 keysyms are the code points, ASCII included
            keycode = self.display.keysym_to_keycode(keysym)
            if keycode == 0:
                raise Skip(f"{character!r} is not in the keymap")
            shift = self.display.keycode_to_keysym(keycode, 0) != keysym
            self.key(keycode, shift=shift)
            self.display.sync()

    def clear_field(self) -> None:
        self.key(self.display.keysym_to_keycode(self.XK.XK_u), control=True)
        self.display.sync()

    def close(self) -> None:
        self.display.close()


def parse_point(text: str) -> tuple[int, int]:
    x, y = text.split(",")
    return int(x), int(y)


def measure_xdotool_clicks(display: str, samples: int, point: tuple[int, int]) -> None:
    xdotool = require_tool("xdotool")
    x, y = point
    # `mousemove --sync` waits until the pointer has moved, so it blocks (for 15 s) when the pointer
    # is already there: alternate between the point and its right-hand neighbour, starting off it.
    targets = [(x, y), (x + 1, y)]
    env = {**os.environ, "DISPLAY": display}
    check([xdotool, "mousemove", str(x + 1), str(y)], env=env)

    def click(arguments: list[str]) -> Callable[[int], object]:
        def body(i: int) -> None:
            tx, ty = targets[i % 2]
            check([xdotool, "mousemove", "--sync", str(tx), str(ty), "click", *arguments], env=env)
        return body

    # `click` sleeps for its --delay (default 100 ms) even without --repeat, whatever its help says.
    emit("click", "peer: xdotool mousemove --sync + click 1", sample(samples, click(["1"])))
    check([xdotool, "mousemove", str(x + 1), str(y)], env=env)
    emit("click", "peer: xdotool --delay 0 click (mousemove --sync + click --delay 0 1)",
         sample(samples, click(["--delay", "0", "1"])))


def measure_xlib_click(display: str, samples: int, point: tuple[int, int]) -> None:
    xtest = XTest(display)
    try:
        emit("click", "peer: python-xlib XTest click (in-process)",
             sample(samples, lambda _: xtest.click(*point)))
    finally:
        xtest.close()


def focus_and_clearer(display: str, focus: tuple[int, int] | None) -> Callable[[], None]:
    """Clicks --focus (untimed) when given, and returns what clears the field before each sample."""
    env = {**os.environ, "DISPLAY": display}
    xtest: XTest | None = None
    try:
        xtest = XTest(display)
    except Exception as error:  # noqa: BLE001 — fall back to xdotool
        log(f"python-xlib unavailable for focusing and clearing ({error}); using xdotool")
    xdotool = shutil.which("xdotool")
    if focus is not None:
        if xtest is not None:
            xtest.click(*focus)
        elif xdotool is not None:
            check([xdotool, "mousemove", str(focus[0]), str(focus[1]), "click", "--delay", "0", "1"],
                  env=env)
        time.sleep(0.2)

    def clear() -> None:
        if xtest is not None:
            xtest.clear_field()
        elif xdotool is not None:
            check([xdotool, "key", "ctrl+u"], env=env)
        time.sleep(0.05)  # let the focused client take the previous text in before the next sample

    return clear


def measure_typing(display: str, samples: int, clear: Callable[[], None]) -> None:
    chars = len(ASCII_TEXT)
    env = {**os.environ, "DISPLAY": display}

    def timed(body: Callable[[], None]) -> list[float]:
        times = []
        for i in range(1 + samples):  # one untimed warm-up
            clear()
            start = time.perf_counter_ns()
            body()
            if i > 0:
                times.append((time.perf_counter_ns() - start) / 1e6)
        return times

    def xdotool_peer(delay: int) -> None:
        xdotool = require_tool("xdotool")
        command = [xdotool, "type", "--delay", str(delay), "--", ASCII_TEXT]
        emit("type", f"peer: xdotool type --delay {delay} (200 ASCII)",
             timed(lambda: check(command, env=env)), chars=chars)

    def xlib_peer() -> None:
        xtest = XTest(display)
        try:
            emit("type", "peer: python-xlib XTest type, sync per character (200 ASCII)",
                 timed(lambda: xtest.type(ASCII_TEXT)), chars=chars)
        finally:
            xtest.close()

    run_peer("xdotool type --delay 12", lambda: xdotool_peer(12))
    run_peer("xdotool type --delay 0", lambda: xdotool_peer(0))
    run_peer("python-xlib XTest type", xlib_peer)


# MARK: Main

def main() -> int:
    parser = argparse.ArgumentParser(
        description="Peer measurements for deskpilot-bench, one JSON object per line on stdout.")
    parser.add_argument("--display", default=os.environ.get("DISPLAY"),
                        help="X display to measure on (default $DISPLAY)")
    parser.add_argument("--samples", type=int, default=30,
                        help="N as in deskpilot-bench: captures 3N, observations N, clicks 10N, "
                             "typing max(5, N/2) (default 30)")
    parser.add_argument("--only", choices=["capture", "input", "click", "type"],
                        help="only the capture peers (capture, png) or the input peers (click, type)")
    parser.add_argument("--click", type=parse_point, default=(960, 540), metavar="X,Y",
                        help="where the click peers click (default 960,540)")
    parser.add_argument("--focus", type=parse_point, metavar="X,Y",
                        help="click here, untimed, before the typing peers (default: type into "
                             "whatever has the focus)")
    arguments = parser.parse_args()
    if not arguments.display:
        parser.error("no display: pass --display or set DISPLAY")
    if arguments.samples < 1:
        parser.error("--samples must be at least 1")
    display, n, only = arguments.display, arguments.samples, arguments.only

    if only in (None, "capture"):
        run_peer("mss grab", lambda: measure_mss(display, n * 3))
        run_peer("C XShmGetImage (+ libpng level 1)", lambda: measure_c(display, n * 3))
        run_peer("Anthropic demo pipeline", lambda: measure_demo_pipeline(display, n))
        run_peer("Python in-process pipeline", lambda: measure_python_pipeline(display, n))
    if only in (None, "input", "click"):
        run_peer("xdotool clicks", lambda: measure_xdotool_clicks(display, n * 10, arguments.click))
        run_peer("python-xlib XTest click", lambda: measure_xlib_click(display, n * 10, arguments.click))
    if only in (None, "input", "type"):
        try:
            clear = focus_and_clearer(display, arguments.focus)
        except Exception as error:  # noqa: BLE001
            log(f"could not focus or clear the field ({error}); typing into whatever has the focus")
            clear = lambda: None  # noqa: E731
        measure_typing(display, max(5, n // 2), clear)
    return 0


if __name__ == "__main__":
    sys.exit(main())
