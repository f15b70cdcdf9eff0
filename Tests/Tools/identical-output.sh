#!/bin/sh
# Prints one SHA-256 over everything Gazette writes for a fixed set of inputs: the sample site, the
# sample digest week 2026-W53, and a small seeded bench corpus (site and digest). A refactoring that
# must keep output byte-identical keeps this hash (docs/architecture.md, "Byte-identical output").
#
#   Tests/Tools/identical-output.sh [gazette binary] [gazette-bench binary]
#
# Defaults: .build/release/gazette and .build/release/gazette-bench (`make identical` builds them).
# IDENTICAL_KEEP=folder keeps the outputs there (to diff two trees); IDENTICAL_LIST=1 prints each
# file's hash too. PDFs go through a cache kept in .build/identical-pdf-cache: it is keyed by the
# print page's HTML (ContentHash), so a changed print page still renders a new PDF; the cache itself
# (<part>/.cache) is not hashed.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
gazette=${1:-$root/.build/release/gazette}
bench=${2:-$root/.build/release/gazette-bench}
for program in "$gazette" "$bench"; do
	[ -x "$program" ] || { echo "identical-output: $program not found: build it first (make identical)" >&2; exit 2; }
done
work=${IDENTICAL_KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/gazette-identical.XXXXXX")}
[ -n "${IDENTICAL_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
rm -rf "$work/out" "$work/in"
# Each site keeps only its own PDFs in its cache (<output's parent>/.cache/pdf): one cache per site.
cache="$root/.build/identical-pdf-cache"
for part in sample bench; do
	mkdir -p "$work/out/$part/.cache" "$cache/$part"
	cp -a "$cache/$part/." "$work/out/$part/.cache/"
done
mkdir -p "$work/in"
secret="identical-output-secret-not-for-mail-0123456789"
keep_cache() { rm -rf "$cache/$1" && cp -a "$work/out/$1/.cache" "$cache/$1"; }
quiet() { "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; echo "identical-output: failed: $*" >&2; exit 1; }; }

# The sample's digests are signed (digest.dkim); Ed25519 signatures are deterministic, so one fixed
# key (RFC 8032's first test seed, public: never a real key) keeps the output repeatable.
printf '%s\n' "-----BEGIN PRIVATE KEY-----" "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g" "-----END PRIVATE KEY-----" > "$work/in/dkim-ed25519.pem"
chmod 600 "$work/in/dkim-ed25519.pem"
export GAZETTE_DKIM_KEYS="$work/in/dkim-ed25519.pem"

# The sample: the site as of 2026-12-01, the digest of 2026-W53 with the sample settings (static preview on).
quiet "$gazette" site --content "$root/Content" --templates "$root/Templates" --output "$work/out/sample/site" --today 2026-12-01
keep_cache sample
GAZETTE_SECRET=$secret quiet "$gazette" digest --data "$root/Content/data" --config "$root/Content/gazette.yml" \
	--templates "$root/Templates" --week 2026-W53 --output "$work/out/sample/mail"

# A small bench corpus: 6 documents in every language, an export of 600 employees (seeded).
quiet "$bench" generate-policies --documents 6 --seed 17 --output "$work/in/policies"
quiet "$bench" generate-export --employees 600 --seed 17 --week 2026-W53 --output "$work/in/export"
# Its settings in a folder of their own, also its --content: without policies/ there (the default,
# Content, is the sample's), the bench week has no policy notices and needs no site: section.
mkdir -p "$work/in/digest"
cat > "$work/in/digest/digest.yml" <<YAML
digest:
  from: "Bench HR <digest@bench.example>"
  unsubscribe_url: "https://ess.bench.example/digest/unsubscribe/{token}"
  unsubscribe_mailto: "unsubscribe@bench.example"
  static_preview: true
  dkim:
    domain: "bench.example"
    selector: "bench"
YAML
quiet "$gazette" site --content "$work/in/policies" --templates "$root/Templates" --output "$work/out/bench/site" --today 2026-11-22
keep_cache bench
GAZETTE_SECRET=$secret quiet "$gazette" digest --data "$work/in/export" --config "$work/in/digest/digest.yml" --content "$work/in/digest" \
	--templates "$root/Templates" --week 2026-W53 --output "$work/out/bench/mail"


# Every file (hidden lock files left out: they are empty and say nothing about the output), by path.
cd "$work/out"
find . -name .cache -prune -o -type f ! -name '.*.lock' -print | LC_ALL=C sort > "$work/files"
[ -s "$work/files" ] || { echo "identical-output: nothing was written" >&2; exit 1; }
if [ -n "${IDENTICAL_LIST:-}" ]; then xargs -d '\n' sha256sum < "$work/files"; fi
count=$(wc -l < "$work/files")
hash=$(xargs -d '\n' sha256sum < "$work/files" | sha256sum | cut -d' ' -f1)
echo "$hash  ($count files)"
