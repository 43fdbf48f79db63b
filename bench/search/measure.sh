#!/usr/bin/env bash
# Search benchmark for studysite: index size against the text it covers and against mdBook's,
# and in headless Chromium over file://, the first query (loading the parts of the index it needs,
# then the query) and later queries. See bench/search/README.md.
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
if [ -n "${KEEP_SITE:-}" ] && [ -f "$site/search/meta.js" ]; then
  log "KEEP_SITE: reusing studysite's build in $site"
  build_s="not timed (KEEP_SITE)"
else
  log "studysite build of $corpus/studysite into $site"
  rm -rf "$site"
  t0=$(date +%s.%N)
  "$STUDYSITE" build --root "$corpus/studysite" --out "$site" --quiet || die "studysite build failed"
  build_s="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
fi
[ -f "$site/search/meta.js" ] || die "the build wrote no search/meta.js"

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
log "headless Chromium: first query ($RUNS runs), 21 later queries"
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
# The index: every file under search/, each gzipped on its own (as a server sends them).
search_dir = os.path.join(site, "search")
files = sorted(os.listdir(search_dir))
per_file = {f: sizes(os.path.join(search_dir, f)) for f in files}
idx_raw = sum(r for r, _ in per_file.values())
idx_gz = sum(g for _, g in per_file.values())
shards = [f for f in files if f.startswith("t-")]
chunks = [f for f in files if f.startswith("d-")]

def part(f):
    js = open(os.path.join(search_dir, f), encoding="utf-8").read()
    return json.loads(js[js.index(",") + 1: js.rindex(")")])

meta = part("meta.js")
texts = sum(len(x.encode()) for f in chunks for x in part(f))
places = len(json.dumps(meta["places"], ensure_ascii=False, separators=(",", ":")).encode())
biggest = max(shards, key=lambda f: per_file[f][0])

md = None
if book:
    found = sorted(glob.glob(os.path.join(book, "searchindex*.js")))
    if found:
        md = (os.path.basename(found[0]),) + sizes(found[0])

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
p(f"| studysite `search/`, all {len(files):,} files ({meta['docs']:,} sections) | {mb(idx_raw)} | {mb(idx_gz)} |")
if md:
    p(f"| mdBook {mdbook_version} `{md[0]}` | {mb(md[1])} | {mb(md[2])} |")
else:
    p("| mdBook | not measured (no mdbook: not on PATH, or MDBOOK=none) | |")
p(f"| the notes' Markdown bodies (frontmatter removed) | {mb(body)} | |")
p(f"| the index's section texts (`d-*.js`) | {mb(texts)} | |")
p(f"| where each section is: note URLs, titles, headings, anchors (in `meta.js`) | {mb(places)} | |")
p("")
p(f"The index is {idx_raw / body:.2f}x the Markdown it covers (raw)"
  + (f"; {idx_raw / md[1]:.2f}x mdBook's raw and {idx_gz / md[2]:.2f}x its gzip size." if md else "."))
p("")
shard_sizes = sorted(per_file[f][0] for f in shards)
chunk_sizes = sorted(per_file[f][0] for f in chunks)
p(f"Its parts: `meta.js` {mb(per_file['meta.js'][0])} ({mb(per_file['meta.js'][1])} gzip); {len(shards)} term "
  f"shards, median {mb(shard_sizes[len(shard_sizes) // 2])}, largest `{biggest}` {mb(per_file[biggest][0])}; "
  f"{len(chunks)} section chunks, median {chunk_sizes[len(chunk_sizes) // 2] / 1e3:.0f} kB.")
first = b["runs"][0]["scripts"]
loaded = sum(per_file[f.split("/")[-1]][0] for f in first if f.startswith("search/"))
p(f"The first query loaded {len(first)} scripts: MiniSearch, `meta.js`, "
  f"{sum(f.startswith('search/t-') for f in first)} shard and {sum(f.startswith('search/d-') for f in first)} "
  f"chunks, {mb(loaded)} of the index ({loaded / idx_raw:.1%}).")
p("")
p("### Browser timing (ms, performance.now() in the page)")
p("")
runs = b["runs"]
p(f"First query (`{b['firstQuery']}` typed as the box gets focus), {len(runs)} runs, each in a fresh "
  "browser context:")
p("")
keys = ["total", "snippets", "rendererCpu", "minisearchLoaded", "metaLoaded", "shardsLoaded", "engineBuilt",
        "search", "render", "chunksLoaded", "snippetsFilled"]
labels = {
    "total": "**focus → results shown** (titles, sections)",
    "snippets": "focus → every snippet in",
    "rendererCpu": "renderer processes' CPU time meanwhile (/proc)",
    "minisearchLoaded": "minisearch.js loaded and run",
    "metaLoaded": "search/meta.js loaded and run",
    "shardsLoaded": "the query's term shard loaded and run",
    "engineBuilt": "shard loaded → first query starts (engine made)",
    "search": "MiniSearch queries (executeQuery)",
    "render": "queries → result list built",
    "chunksLoaded": "the results' section chunks loaded",
    "snippetsFilled": "last chunk loaded → its snippets in",
}
p("| step | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | median |")
p("|---|" + "---:|" * (len(runs) + 1))
for k in keys:
    med = {"total": s["firstQueryMedianMs"], "snippets": s["firstQuerySnippetsMedianMs"],
           "rendererCpu": s["firstQueryRendererCpuMedianMs"]}.get(k)
    if med is None:
        med = s["breakdownMedianMs"][k]
    p(f"| {labels[k]} | " + " | ".join(str(r[k]) for r in runs) + f" | {med} |")
p("")
p(f"JS heap after the first query: {s['heapMB']:.0f} MB.")
p("")
p("Later queries (21: words, prefixes, typos, two-word), in the same page after the first, each "
  "timed from the input event to the new result list (titles and sections, including any shard "
  "it loads), to the next frame after it, and to every snippet in (the chunks holding them loaded):")
p("")
p("| query | results | MiniSearch | input → list shown | to next frame | → snippets in | scripts loaded |")
p("|---|---:|---:|---:|---:|---:|---:|")
for r in b["later"]:
    p(f"| `{r['q']}` | {r['results']} | {r['engine']} | {r['shown']} | {r['toFrame']} | {r['snippets']} "
      f"| {len(r['loaded'])} |")
lm = s["laterMedianMs"]
p(f"| **median** | | {lm['engine']} | {lm['shown']} | {lm['toFrame']} | {lm['snippets']} | |")
p("")
p("Typing `" + b["keys"][-1]["q"] + "` one key at a time (input → list shown / → every snippet in, ms): "
  + ", ".join(f"`{k['q']}` {k['shown']} / {k['snippets']}" for k in b["keys"]) + ".")
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
p(f"- Later queries under 30 ms: {verdict(lm['shown'] < 30)} (median {lm['shown']} ms from input to the "
  f"list shown, {lm['toFrame']} ms to the next frame; slowest {s['laterMaxMs']['shown']} ms). Snippets: median "
  f"{lm['snippets']} ms to every snippet in ({verdict(lm['snippets'] < 30)} for 30 ms), "
  f"slowest {s['laterMaxMs']['snippets']} ms.")
print("\n".join(out))
PY
cat "$WORK/search-n$N.md"
log "report: $WORK/search-n$N.md; raw figures: $WORK/search-n$N.browser.json"
