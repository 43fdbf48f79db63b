#!/bin/sh
# How long the review page takes to become usable (its cards loaded, parsed and the first card
# shown), in Chromium over file://, at N notes with four cards each (bench/add_cards.py).
#
#   bench/review_ready.sh [N] [RUNS]       (default 10000 notes, 5 runs; needs /usr/bin/chromium)
#
# BIN=target/release/studysite picks the binary (default target/debug/studysite: the page's
# speed does not depend on it). Prints each run's time and the median, in ms since navigation
# began (review.js writes it to data-ready-ms).
set -eu
N=${1:-10000}
RUNS=${2:-5}
BIN=${BIN:-target/debug/studysite}
WORK=${WORK:-target/bench/review-$N}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -f "$WORK/public/review.html" ]; then
  rm -rf "$WORK"
  python3 bench/gen_corpus.py "$N" "$WORK/corpus" --sites studysite >/dev/null
  python3 bench/add_cards.py "$WORK/corpus/studysite/notes"
  "$BIN" build --quiet --root "$WORK/corpus/studysite" --out "$PWD/$WORK/public"
fi
echo "cards.js: $(wc -c < "$WORK/public/cards.js") bytes"
url="file://$PWD/$WORK/public/review.html"
times=""
for i in $(seq "$RUNS"); do
  profile=$(mktemp -d)
  ms=$("$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --dump-dom "$url" 2>/dev/null |
    sed -n 's/.*data-ready-ms="\([0-9]*\)".*/\1/p' | head -1)
  rm -rf "$profile"
  echo "run $i: ${ms:-?} ms"
  times="$times ${ms:-999999}"
done
echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms"}'
