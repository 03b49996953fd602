#!/bin/sh
# The demo: a private Xvfb, the fixture's form, filled in and submitted with the deskpilot command line,
# ending with a screenshot. Run it with `make demo` (which builds first).
set -eu
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
out=demo-out
mkdir -p "$out"
rm -f "$out/events.jsonl" "$out/display"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Starting a private X server (Xvfb 1280x800x24)"
Xvfb -displayfd 3 -screen 0 1280x800x24 -noreset -nolisten tcp 3>"$out/display" 2>"$out/xvfb.log" &
xvfb=$!
app=""
cleanup() {
    [ -n "$app" ] && { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; } || true
    kill "$xvfb" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM
tries=0
until [ -s "$out/display" ]; do
    tries=$((tries + 1)); [ $tries -lt 200 ] || { echo "Xvfb did not start: $(cat "$out/xvfb.log")" >&2; exit 1; }
    sleep 0.05
done
export DISPLAY=":$(head -n1 "$out/display")"
echo "    DISPLAY=$DISPLAY"

say "Opening the fixture app's form (events in $out/events.jsonl)"
"$bin/deskpilot-fixture" --scene form --x 240 --y 100 --events "$out/events.jsonl" >/dev/null &
app=$!
tries=0
until grep -q '"event":"ready"' "$out/events.jsonl" 2>/dev/null; do
    tries=$((tries + 1)); [ $tries -lt 200 ] || { echo "the fixture did not start" >&2; exit 1; }
    sleep 0.05
done
layout=$("$bin/deskpilot-fixture" --scene form --layout)

# Screen centre of a fixture widget: the window sits at (240, 100); the layout is window-relative.
center() {
    echo "$layout" | sed -n "s/.*{\"name\":\"$1\",\"kind\":\"[a-z]*\",\"x\":\([0-9]*\),\"y\":\([0-9]*\),\"width\":\([0-9]*\),\"height\":\([0-9]*\).*/\1 \2 \3 \4/p" |
        { read -r x y w h; echo "$((240 + x + w / 2)) $((100 + y + h / 2))"; }
}

say "deskpilot windows"
"$bin/deskpilot" windows
say "deskpilot click $(center Name)  +  type, Tab, type, Tab, type"
"$bin/deskpilot" click $(center Name)
"$bin/deskpilot" type "Ada Lovelace"
"$bin/deskpilot" key Tab
"$bin/deskpilot" type "ada@analytical.engine"
"$bin/deskpilot" key Tab
"$bin/deskpilot" type "Zürich — 1843 ✓"
say "deskpilot click $(center Submit)  (Submit)"
"$bin/deskpilot" click $(center Submit)
tries=0
until grep -q '"event":"submit"' "$out/events.jsonl"; do
    tries=$((tries + 1)); [ $tries -lt 100 ] || { echo "the form was not submitted" >&2; exit 1; }
    sleep 0.05
done
say "The fixture received:"
grep '"event":"submit"' "$out/events.jsonl"
say "deskpilot screenshot $out/demo.png"
"$bin/deskpilot" screenshot "$out/demo.png"
echo
echo "Done. Screenshot: $out/demo.png   Event log: $out/events.jsonl"
