#!/usr/bin/env bash
# Search benchmark for studysite: index size against the text it covers and against mdBook's,
# and in headless Chromium over file://, the first query (index load + MiniSearch build + query)
# and later queries. See bench/search/README.md.
#
#   bench/search/measure.sh [N]        corpus size, default 10000
#
# Environment:
#   WORK=/tmp/studysite-search-bench   corpora, built sites and results go here
#   CORPUS=DIR        an existing corpus from bench/gen_corpus.py (holding studysite/ and mdbook/)
#                     instead of generating WORK/nN
#   BIN=PATH          studysite binary (default: cargo build --release, target/release/studysite)
#   MDBOOK=PATH       mdbook binary (default: found on PATH); MDBOOK=none skips mdBook
#   REBUILD_MDBOOK=1  rebuild mdBook's site even if WORK has one from an earlier run
#   KEEP_SITE=1       reuse studysite's site in WORK from an earlier run (the report then shows
#                     that run's binary revision, not necessarily this one's)
#   RUNS=3            first-query runs, each in a fresh browser context
#   CHROMIUM=/usr/bin/chromium
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${1:-10000}
WORK=${WORK:-/tmp/studysite-search-bench}
RUNS=${RUNS:-3}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM
case "$N" in ''|*[!0-9]*) echo "measure.sh: not a corpus size: $N" >&2; exit 2 ;; esac

die() { echo "measure.sh: ERROR: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

command -v node >/dev/null || die "node is missing (apt-get install nodejs npm)"
[ -x "$CHROMIUM" ] || die "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  log "npm ci (playwright-core; no browser is downloaded)"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) \
    || die "npm ci failed in $HERE"
fi
mkdir -p "$WORK"

# ---------------------------------------------------------------- studysite binary
if [ -n "${BIN:-}" ]; then
  STUDYSITE=$BIN
  rev="BIN=$BIN"
else
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
  STUDYSITE=$ROOT/target/release/studysite
  rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$ROOT" diff --quiet HEAD -- src static templates 2>/dev/null || rev="$rev+dirty"
fi
[ -x "$STUDYSITE" ] || die "$STUDYSITE is not an executable"

if [ "${MDBOOK:-}" = none ]; then
  MDBOOK=
else
  MDBOOK=${MDBOOK:-$(command -v mdbook || true)}
fi

# ---------------------------------------------------------------- corpus
if [ -n "${CORPUS:-}" ]; then
  corpus=$CORPUS
  [ -d "$corpus/studysite/notes" ] || die "CORPUS=$corpus has no studysite/notes"
else
  corpus=$WORK/n$N
  if [ ! -f "$corpus/.complete" ]; then
    log "generating $N notes in $corpus"
    rm -rf "$corpus"
    python3 "$ROOT/bench/gen_corpus.py" "$N" "$corpus" --sites studysite,mdbook \
      || die "gen_corpus.py failed"
    touch "$corpus/.complete"
  fi
fi

# ---------------------------------------------------------------- builds
site=$WORK/s$N
if [ -n "${KEEP_SITE:-}" ] && [ -f "$site/search-index.js" ]; then
  log "KEEP_SITE: reusing studysite's build in $site"
  build_s="not timed (KEEP_SITE)"
else
  log "studysite build of $corpus/studysite into $site"
  rm -rf "$site"
  t0=$(date +%s.%N)
  "$STUDYSITE" build --root "$corpus/studysite" --out "$site" --quiet || die "studysite build failed"
  build_s="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
fi
[ -f "$site/search-index.js" ] || die "the build wrote no search-index.js"

book=
if [ -n "$MDBOOK" ]; then
  book=$WORK/m$N
  if [ -n "${REBUILD_MDBOOK:-}" ] || ! compgen -G "$book/searchindex*.js" >/dev/null; then
    [ -d "$corpus/mdbook" ] || die "$corpus has no mdbook/ (generate the corpus with --sites studysite,mdbook)"
    log "mdbook build of $corpus/mdbook into $book (slow at 10,000 notes)"
    rm -rf "$book"
    "$MDBOOK" build "$corpus/mdbook" -d "$book" >"$WORK/mdbook-n$N.log" 2>&1 \
      || die "mdbook build failed, see $WORK/mdbook-n$N.log"
  else
    log "reusing mdBook's build in $book (REBUILD_MDBOOK=1 to rebuild)"
  fi
  mdbook_version=$("$MDBOOK" --version | awk '{print $2}')
else
  log "mdbook not found: mdBook's index size is not measured"
  mdbook_version=
fi

# ---------------------------------------------------------------- browser
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "headless Chromium: first query ($RUNS runs), 20 later queries"
node "$HERE/driver.js" "$site" --runs "$RUNS" >"$WORK/search-n$N.browser.json" \
  || die "the browser driver failed"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
machine="$(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
python3 - "$N" "$corpus" "$site" "$book" "$WORK/search-n$N.browser.json" "$rev" "$mdbook_version" \
  "$machine" "$load_before" "$load_after" "$build_s" >"$WORK/search-n$N.md" <<'PY'
import glob, gzip, json, os, sys

n, corpus, site, book, browser_json, rev, mdbook_version, machine, load0, load1, build_s = sys.argv[1:]
b = json.load(open(browser_json))
s = b["summary"]

def sizes(path):
    raw = open(path, "rb").read()
    return len(raw), len(gzip.compress(raw, 9))

def mb(x):
    return f"{x / 1e6:.1f} MB"

# The text the index covers: every note's Markdown body (frontmatter removed).
body = 0
for dirpath, _, files in os.walk(os.path.join(corpus, "studysite", "notes")):
    for f in files:
        if f.endswith(".md"):
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            if text.startswith("---\n"):
                end = text.find("\n---\n", 4)
                text = text[end + 5:] if end >= 0 else text
            body += len(text.encode())
idx_raw, idx_gz = sizes(os.path.join(site, "search-index.js"))
js = open(os.path.join(site, "search-index.js"), encoding="utf-8").read()
entries = json.loads(js[js.index("= ") + 2: js.rindex(";")])
fields = sum(len(str(e.get(k, "")).encode()) for e in entries for k in "thxk")
urls = sum(len(e["u"].encode()) for e in entries)

md = None
if book:
    files = sorted(glob.glob(os.path.join(book, "searchindex*.js")))
    if files:
        md = (os.path.basename(files[0]),) + sizes(files[0])

def verdict(ok):
    return "**met**" if ok else "**not met**"

out = []
p = out.append
p(f"## Search at {int(n):,} notes")
p("")
p(f"studysite {rev}; Chromium {b['chromium']} headless; {machine}; load average {load0} before the "
  f"browser runs, {load1} after. Page: `{b['page']}` over file://. studysite build: {build_s}.")
p("")
p("### Index size")
p("")
p("| what | raw | gzip -9 |")
p("|---|---:|---:|")
p(f"| studysite `search-index.js` ({len(entries):,} sections) | {mb(idx_raw)} | {mb(idx_gz)} |")
if md:
    p(f"| mdBook {mdbook_version} `{md[0]}` | {mb(md[1])} | {mb(md[2])} |")
else:
    p("| mdBook | not measured (no mdbook: not on PATH, or MDBOOK=none) | |")
p(f"| the notes' Markdown bodies (frontmatter removed) | {mb(body)} | |")
p(f"| the index's text fields (title, heading, text, keywords) | {mb(fields)} | |")
p(f"| the index's URLs | {mb(urls)} | |")
p("")
p(f"The index is {idx_raw / body:.2f}x the Markdown it covers (raw)"
  + (f"; {idx_raw / md[1]:.2f}x mdBook's raw and {idx_gz / md[2]:.2f}x its gzip size." if md else "."))
p("")
p("### Browser timing (ms, performance.now() in the page)")
p("")
runs = b["runs"]
p(f"First query (`{b['firstQuery']}` typed as the box gets focus), {len(runs)} runs, each in a fresh "
  "browser context:")
p("")
keys = ["total", "rendererCpu", "minisearchLoaded", "indexLoaded", "scriptsLoaded", "construct", "assignIds",
        "addAll", "search", "render"]
labels = {
    "total": "**focus → results shown**",
    "rendererCpu": "renderer processes' CPU time meanwhile (/proc)",
    "minisearchLoaded": "minisearch.js loaded and run (from script insertion)",
    "indexLoaded": "search-index.js read, parsed and run (from script insertion)",
    "scriptsLoaded": "focus → both scripts' load events",
    "construct": "new MiniSearch(options)",
    "assignIds": "docs.map (ids)",
    "addAll": "MiniSearch addAll (tokenize + index)",
    "search": "first engine.search",
    "render": "building the result list",
}
p("| step | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | median |")
p("|---|" + "---:|" * (len(runs) + 1))
for k in keys:
    med = {"total": s["firstQueryMedianMs"], "rendererCpu": s["firstQueryRendererCpuMedianMs"]}.get(k)
    if med is None:
        med = s["breakdownMedianMs"][k]
    p(f"| {labels[k]} | " + " | ".join(str(r[k]) for r in runs) + f" | {med} |")
p("")
p(f"JS heap after the build: {s['heapMB']:.0f} MB.")
p("")
p("Later queries (20: words, prefixes, typos, two-word), in the same page after the first:")
p("")
p("| query | results | engine.search | input handler (search + list) | to next frame |")
p("|---|---:|---:|---:|---:|")
for r in b["later"]:
    p(f"| `{r['q']}` | {r['results']} | {r['engine']} | {r['handler']} | {r['toFrame']} |")
lm = s["laterMedianMs"]
p(f"| **median** | | {lm['engine']} | {lm['handler']} | {lm['toFrame']} |")
p("")
p("Typing `" + b["keys"][-1]["q"] + "` one key at a time (input handler, ms): "
  + ", ".join(f"`{k['q']}` {k['handler']}" for k in b["keys"]) + ".")
p("")
a = b["alternatives"]
p("What-if figures, same page and data:")
p("")
p(f"- JSON.parse of the same entries as a string: {a['jsonParse']} ms (vs {s['breakdownMedianMs']['indexLoaded']} ms "
  "for the script that holds them as a literal).")
p(f"- The page's tokenizer and processTerm alone over every field: {a['tokenizeAll']} ms "
  f"for {a['tokens']:,} terms (of addAll's {s['breakdownMedianMs']['addAll']} ms).")
p(f"- MiniSearch's own serialized index (JSON.stringify of the built engine): {mb(a['serializedBytes'])} raw, "
  f"{mb(a['serializedGzipBytes'])} gzip; JSON.parse {a['serializedParse']} ms + MiniSearch.loadJS "
  f"{a['loadJS']} ms.")
if s["errors"]:
    p("")
    p("Page errors: " + "; ".join(s["errors"]))
p("")
p("### Targets")
p("")
if md:
    p(f"- Index no larger than mdBook's: {verdict(idx_raw <= md[1] and idx_gz <= md[2])} "
      f"({mb(idx_raw)} vs {mb(md[1])} raw, {mb(idx_gz)} vs {mb(md[2])} gzip).")
else:
    p("- Index no larger than mdBook's: not measured (no mdbook: not on PATH, or MDBOOK=none).")
p(f"- First query under 300 ms including index load: {verdict(s['firstQueryMedianMs'] < 300)} "
  f"(median {s['firstQueryMedianMs']} ms).")
p(f"- Later queries under 30 ms: {verdict(lm['handler'] < 30)} (median {lm['handler']} ms in the input "
  f"handler, {lm['toFrame']} ms to the next frame; slowest {s['laterMaxMs']['handler']} ms).")
print("\n".join(out))
PY
cat "$WORK/search-n$N.md"
log "report: $WORK/search-n$N.md; raw figures: $WORK/search-n$N.browser.json"
