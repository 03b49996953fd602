#!/bin/sh
# The demo: the agent fills in the fixture app's form on a private display and submits it.
# The model is the server named by DESKPILOT_BASE_URL when set; otherwise the stand-in deskpilot-mock-model,
# which finds each target in what it is sent (OCR of the screenshot, or the element list) and answers in the
# chosen family's format. Run it with `make demo` (which builds first); `make demo PROFILE=NAME` picks the
# family: qwen3-vl (default), qwen3.5, openai-tools, openai-som or planner (`deskpilot models` lists them).
set -eu
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
out=demo-out
rm -rf "$out/run"
mkdir -p "$out"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

profile=${PROFILE:-qwen3-vl}
mocks=""
cleanup() { for pid in $mocks; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Starts a stand-in with the given arguments, its output in $1; sets url to its base URL.
# (Not called in $(...): the pid must reach cleanup in this shell.)
start_mock() {
    output=$1
    shift
    "$bin/deskpilot-mock-model" "$@" >"$output" 2>&1 &
    mocks="$mocks $!"
    tries=0
    until grep -q '^listening on ' "$output" 2>/dev/null; do
        tries=$((tries + 1))
        [ $tries -lt 200 ] || { echo "the stand-in model did not start: $(cat "$output")" >&2; exit 1; }
        sleep 0.05
    done
    url=$(sed -n 's/^listening on //p' "$output")
}

extra=""
if [ -n "${DESKPILOT_BASE_URL:-}" ]; then
    say "Model: the server at $DESKPILOT_BASE_URL (model ${DESKPILOT_MODEL:-Qwen/Qwen3-VL-8B-Instruct}), from DESKPILOT_BASE_URL, as $profile"
    base_url=$DESKPILOT_BASE_URL
elif [ "$profile" = planner ]; then
    say "Models: two offline stand-ins — a text planner (plan Tools/mock-model/plans/form-planner.plan) and a vision grounder"
    start_mock "$out/planner.out" --plan Tools/mock-model/plans/form-planner.plan --family planner --log "$out/planner-requests.jsonl"
    planner_url=$url
    start_mock "$out/grounder.out" --family grounder --log "$out/grounder-requests.jsonl"
    base_url=$url
    extra="--planner-url $planner_url --planner-model qwen3-4b"
else
    say "Model: the offline stand-in speaking $profile (deskpilot-mock-model, plan Tools/mock-model/plans/form.plan) — set DESKPILOT_BASE_URL to use a real server"
    start_mock "$out/mock-model.out" --plan Tools/mock-model/plans/form.plan --family "$profile" --log "$out/model-requests.jsonl"
    base_url=$url
fi

say "deskpilot run \"Fill in the form with the name Ada Lovelace and the email ada@analytical.engine, and submit it\""
"$bin/deskpilot" run "Fill in the form with the name Ada Lovelace and the email ada@analytical.engine, and submit it" \
    --base-url "$base_url" --profile "$profile" $extra --virtual 1280x800 --launch "$bin/deskpilot-fixture --scene form" --out "$out/run"
echo
echo "Open the report: $out/run/report.html"
