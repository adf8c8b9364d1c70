# Two commands do everything on a fresh machine:
#   make lab    set up .venv and open JupyterLab on the first notebook
#   make test   set up .venv (and a Chromium for the browser tests) and run the whole test suite
# Other targets: make test-serial, make browser, make bench, make exercises, make notebooks,
#   make edition, make grade ASSIGNMENT=..., make clean-venv

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup browser lab test test-serial bench exercises notebooks edition grade clean-venv

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# JupyterLab keeps its token: open the link it prints (with ?token=...).
# Jupyter refuses to run as root (containers, some lab machines) unless told to.
# It serves the repository root (the lessons link to exercises/, data/ and INSTRUCTORS.md) and
# opens on the first lesson. It first installs the project's JupyterLab settings (jupyter/README.md):
# widget state saved with the notebook, and nbgrader's Validate / Create Assignment hidden;
# `make lab NBGRADER=1` keeps those two for a session in exercises/ or solutions/.
ROOT_FLAG    := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
NBGRADER     ?= 0
lab: setup
	@mkdir -p $(LAB_SETTINGS)
	@cp jupyter/lab-settings/overrides.json $(LAB_SETTINGS)/overrides.json
	@$(if $(filter 1,$(NBGRADER)),rm -f,cp jupyter/lab-settings/page_config.json) $(LAB_SETTINGS)/page_config.json
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" notebooks/00_start_here.ipynb

# The browser tests need a Chromium: find one (MEDIALIT_CHROMIUM, chromium, chromium-browser,
# google-chrome, Playwright's cache) or install one (apt-get as root on Debian/Ubuntu,
# otherwise `playwright install chromium`). Prints what it found; fails loudly if none.
BROWSER_FILE := $(VENV)/chromium-path
browser: setup
	@$(PY) -m medialit.browser ensure --write $(BROWSER_FILE)

# pytest exit code 5 means "no tests were collected": treat it as a failure.
# nbval (--nbval-lax) executes every notebook under notebooks/, exercises/, solutions/.
# `make test` runs on every core with pytest-xdist; --dist loadscope keeps each notebook
# (one nbval module) on one worker, so its cells run in order in one kernel.
TEST_PATHS := $(wildcard tests notebooks exercises solutions)
WORKERS    ?= auto
define run_pytest
	@MEDIALIT_CHROMIUM="$$(cat $(BROWSER_FILE))" $(PY) -m pytest --nbval-lax $(1) $(TEST_PATHS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests"; exit 1; fi; exit $$rc
endef
test: setup browser
	$(call run_pytest,-n $(WORKERS) --dist loadscope)

# The same suite in one process (slower; for debugging a failure that only shows in parallel).
test-serial: setup browser
	$(call run_pytest,-p no:xdist)

# Prints the toolkit figures (import cost, speed, scaling, spaCy baseline), then hostile text
# (2 MB of each adversarial shape: throughput and scaling ratios),
# then times autograding 30 submissions (sequential vs two workers).
bench: setup
	$(PY) benchmarks/run_benchmarks.py
	$(PY) benchmarks/bench_adversarial.py
	$(PY) benchmarks/bench_grading.py --students 30

# Re-execute the lesson notebooks in place (outputs are committed), then clean them.
notebooks: setup
	$(PY) -m medialit.nbtools run notebooks/[0-9][0-9]_*.ipynb

exercises: setup
	$(PY) -m medialit.assignments generate

# What students receive (no solution, hidden test, rubric or key): build/student-edition/.
EDITION ?= build/student-edition
edition: setup
	@rm -rf $(EDITION)
	$(PY) -m medialit.edition build $(EDITION)

# Grade every submission of one assignment safely (INSTRUCTORS.md, "Autograde"):
#   make grade ASSIGNMENT=a1_attributions
grade: setup
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=a1_attributions"; exit 2; }
	$(PY) -m medialit.grading $(ASSIGNMENT)

clean-venv:
	rm -rf $(VENV)
