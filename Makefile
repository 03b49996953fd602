# Deskpilot — the two entry points: `make test` and `make demo`. Both install what is missing first.
SWIFT ?= swift
CONFIG ?= debug

.PHONY: test demo build bootstrap bench clean

bootstrap:
	@sh Tools/bootstrap

build: bootstrap
	$(SWIFT) build -c $(CONFIG)

# Every test starts its own private Xvfb; no outside DISPLAY is used. One test at a time: on 2 cores, the
# suites that drive Xvfb, Xephyr, ffmpeg, Tesseract and a Python MCP client at once starved each other's
# task threads, and the timing checks (a cancelled request ending, streamed tokens arriving apart) failed
# now and then; serially the suite takes ~5 min instead of ~3. Tesseract's OpenMP threads must be
# limited before the library loads (full-screen OCR: 5-6 s with the default on 2 cores, 0.7 s with one).
test: bootstrap
	@sh Tools/bootstrap --mcp
	env -u DISPLAY $(SWIFT) build --build-tests
	env -u DISPLAY OMP_THREAD_LIMIT=1 $(SWIFT) test --skip-build --no-parallel

# A private display, the fixture app, driven by the agent through the deskpilot command line; ends with the
# run's report. PROFILE=qwen3.5|openai-tools|openai-som|planner speaks another model family (default qwen3-vl).
demo: build
	@PROFILE=$(PROFILE) sh Tools/demo.sh

# Benchmarks in release mode; JSON lines with `make bench ARGS=--json`.
bench:
	@sh Tools/bootstrap --bench
	@sh Tools/bootstrap --mcp
	$(SWIFT) build -c release --product deskpilot-bench
	$(SWIFT) build -c release --product deskpilot-fixture
	$(SWIFT) build -c release --product deskpilot
	env -u DISPLAY .build/release/deskpilot-bench $(ARGS)

clean:
	rm -rf .build demo-out
