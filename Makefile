# The README's two commands: `make run` and `make test`. Both install what is missing.
VENV    := .venv
DEV_EXTRAS := .[dev,dask]
PY      := $(VENV)/bin/python
# libreoffice-writer-nogui: the memo's DOCX -> PDF; poppler-utils: its tests read the PDF back,
# and the workbook tests render Forside (PDF -> PNG); python3-uno: the workbook edit tests drive
# LibreOffice through UNO with the system python3; fonts-crosextra-carlito: metric twin of
# Calibri, so the PDF breaks lines and pages as Word does.
APT_PKGS := libreoffice-calc-nogui libreoffice-writer-nogui python3-uno chromium chromium-driver \
	fonts-dejavu-core fonts-crosextra-carlito poppler-utils
SOM_DB  ?= $(CURDIR)/var/som.sqlite3
export SOM_DB

.PHONY: setup setup-dev system-deps run test fuzz lint bench clean

$(PY):
	python3 -m venv $(VENV)

# uv inside the venv installs in seconds; plain pip is the fallback if uv cannot be had.
INSTALL = if [ -x $(VENV)/bin/uv ]; then $(VENV)/bin/uv pip install -q --python $(PY) -e $(1); \
	  else $(PY) -m pip install -q -e $(1); fi

$(VENV)/bin/uv: | $(PY)
	@$(PY) -m pip install -q uv >/dev/null 2>&1 || echo "uv unavailable; installing with pip"

# Runtime install: .venv with som and its dependencies.
$(VENV)/.setup-done: pyproject.toml | $(VENV)/bin/uv
	@$(call INSTALL,.)
	@touch $@

$(VENV)/.dev-done: pyproject.toml $(VENV)/.setup-done
	@$(call INSTALL,"$(DEV_EXTRAS)")
	@touch $@

setup: $(VENV)/.setup-done

setup-dev: $(VENV)/.dev-done system-deps

# Debian packages for the real-spreadsheet and real-browser tests (each one checked: dpkg -s).
system-deps:
	@missing=""; \
	for pkg in $(APT_PKGS); do dpkg -s $$pkg >/dev/null 2>&1 || missing="yes"; done; \
	/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $(APT_PKGS)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PKGS) >/dev/null; \
	fi

run: setup
	@mkdir -p $(dir $(SOM_DB))
	$(VENV)/bin/streamlit run app/streamlit_app.py --server.port 8501 \
	  --server.headless true --browser.gatherUsageStats false

# Two workers (this machine and CI have 2 cores); a file's tests stay on one worker, so the
# module-scoped LibreOffice, UNO and browser fixtures start once.
PYTEST_WORKERS ?= 2
test: setup-dev
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile

# The fuzz suite of tests/hostile at a larger budget than `make test` gives it (docs/hostile.md);
# SOM_FUZZ_SEED picks another series of cases.
FUZZ_CASES ?= 3000
FUZZ_WORKBOOKS ?= 300
fuzz: setup-dev
	SOM_FUZZ_CASES=$(FUZZ_CASES) SOM_FUZZ_WORKBOOKS=$(FUZZ_WORKBOOKS) \
	  $(PY) -m pytest tests/hostile/test_fuzz.py

lint: setup-dev
	$(VENV)/bin/ruff check som app tests bench

bench: setup-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
