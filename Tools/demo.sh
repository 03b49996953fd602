#!/bin/sh
# The demo: the agent fills in the fixture app's form on a private display and submits it.
# The model is the server named by DESKPILOT_BASE_URL when set; otherwise the stand-in deskpilot-mock-model,
# which grounds each target by OCR of the screenshot it receives and answers in Qwen3-VL's format.
# Run it with `make demo` (which builds first).
set -eu
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
out=demo-out
rm -rf "$out/run"
mkdir -p "$out"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

mock=""
cleanup() { [ -n "$mock" ] && kill "$mock" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -n "${DESKPILOT_BASE_URL:-}" ]; then
    say "Model: the server at $DESKPILOT_BASE_URL (model ${DESKPILOT_MODEL:-Qwen/Qwen3-VL-8B-Instruct}), from DESKPILOT_BASE_URL"
    base_url=$DESKPILOT_BASE_URL
else
    say "Model: the offline stand-in (deskpilot-mock-model, plan Tools/mock-model/plans/form.plan) — set DESKPILOT_BASE_URL to use a real Qwen3-VL server"
    "$bin/deskpilot-mock-model" --plan Tools/mock-model/plans/form.plan --log "$out/model-requests.jsonl" >"$out/mock-model.out" 2>&1 &
    mock=$!
    tries=0
    until grep -q '^listening on ' "$out/mock-model.out" 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -lt 200 ] || { echo "the stand-in model did not start: $(cat "$out/mock-model.out")" >&2; exit 1; }
        sleep 0.05
    done
    base_url=$(sed -n 's/^listening on //p' "$out/mock-model.out")
fi

say "deskpilot run \"Fill in the form with the name Ada Lovelace and the email ada@analytical.engine, and submit it\""
"$bin/deskpilot" run "Fill in the form with the name Ada Lovelace and the email ada@analytical.engine, and submit it" \
    --base-url "$base_url" --virtual 1280x800 --launch "$bin/deskpilot-fixture --scene form" --out "$out/run"
echo
echo "Open the report: $out/run/report.html"
