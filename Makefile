# Two commands do everything on a fresh machine:
#   make lab    set up .venv and open JupyterLab on the first notebook
#   make test   set up .venv and run the whole test suite
# Other targets: make bench, make exercises, make notebooks, make clean-venv

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup lab test bench exercises notebooks clean-venv

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# JupyterLab keeps its token: open the link it prints (with ?token=...).
# Jupyter refuses to run as root (containers, some lab machines) unless told to.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: setup
	$(VENV)/bin/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

# pytest exit code 5 means "no tests were collected": treat it as a failure.
# nbval (--nbval-lax) executes every notebook under notebooks/, exercises/, solutions/.
TEST_PATHS := $(wildcard tests notebooks exercises solutions)
test: setup
	@$(PY) -m pytest --nbval-lax $(TEST_PATHS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests"; exit 1; fi; exit $$rc

# Prints the toolkit figures (import cost, speed, scaling, spaCy baseline),
# then times autograding 30 submissions (sequential vs two workers).
bench: setup
	$(PY) benchmarks/run_benchmarks.py
	$(PY) benchmarks/bench_grading.py --students 30

# Re-execute the lesson notebooks in place (outputs are committed), then clean them.
notebooks: setup
	$(PY) -m medialit.nbtools run notebooks/[0-9][0-9]_*.ipynb

exercises: setup
	$(PY) -m medialit.assignments generate

clean-venv:
	rm -rf $(VENV)
