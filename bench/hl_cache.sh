#!/bin/bash
# What the highlighted-code cache saves: four builds of a copy of a generated corpus, CPU
# (user+sys) and peak memory each, then the cache file's size.
#   bench/hl_cache.sh CORPUS [BIN]
# CORPUS: a corpus's studysite folder (python3 bench/gen_corpus.py 10000 DIR --sites studysite,
# then DIR/studysite); BIN: the studysite binary (default target/release/studysite). The copy,
# its output and its cache (STUDYSITE_CACHE_DIR) go under ${WORK:-/tmp/hl-cache}, never in
# the user's cache folder.
set -euo pipefail
corpus=${1:?usage: bench/hl_cache.sh CORPUS [BIN]}
bin=$(realpath "${2:-target/release/studysite}")
work=${WORK:-/tmp/hl-cache}
rm -rf "$work" && mkdir -p "$work/site"
cp -r "$corpus/notes" "$corpus/site.yaml" "$work/site/"
export STUDYSITE_CACHE_DIR=$work/cache
run() {
  local what=$1; shift
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$bin" build --root "$work/site" --out "$work/out" --quiet "$@"
  read -r user sys kb <"$work/time"
  printf '%-52s %6.1f s CPU %6d MB\n' "$what" "$(echo "$user + $sys" | bc)" $((kb / 1024))
}
echo "load: $(uptime)"
run "cold, --no-cache" --force --no-cache
run "cold, writing the cache" --force
# One more line in the first Rust block of one note.
note=$(grep -rl '^```rust' "$work/site/notes" | sort | head -1)
python3 - "$note" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
i = s.index('```rust\n') + len('```rust\n')
open(p, 'w').write(s[:i] + 'let edited = 1;\n' + s[i:])
PY
echo "edited: ${note#"$work/site/notes/"}"
run "after the code edit, with the cache" --force
run "again, every block from the cache" --force
run "after the code edit, --no-cache" --force --no-cache
echo "cache file: $(find "$work/cache" -type f -name '*.bin' -exec stat -c %s {} +) bytes"
echo "load: $(uptime)"
