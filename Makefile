# gcm-report — two commands on a fresh machine:
#   make reports   create .venv, install gcm-report, build every report into outputs/
#   make test      create .venv, install gcm-report with its test tools, run every check
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: reports test install browser lint snapshot benchmark messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

reports: $(STAMP)
	$(BIN)/gcm-report build

# Browser tests need Debian's headless Chromium (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "make test needs chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) browser lint
	$(BIN)/pytest

snapshot: $(STAMP)
	$(BIN)/gcm-report data build

# Re-extract every translatable text into gcm_report/locale/messages.pot and merge it into
# each language's .po catalog (translations kept; new messages empty).
messages: $(STAMP)
	$(BIN)/python -m gcm_report.report.messages update

benchmark: $(STAMP)
	$(BIN)/python benchmarks/build_all.py

clean:
	rm -rf outputs/round-* outputs/index.html outputs/.tmp outputs/.failed outputs/.build-log.jsonl
