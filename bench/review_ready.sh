#!/bin/sh
# How quickly the review page becomes usable, in Chromium over file://, at N notes with four
# cards each (bench/add_cards.py): from navigation start to the first card shown and to the
# first rating accepted, and the main thread's CPU time in script and tasks up to then
# (bench/review_cdp.js, which reads Chromium's own figures over CDP; medians of RUNS runs, each
# in a fresh browser and profile).
#
#   bench/review_ready.sh [N] [RUNS]       (default 10000 notes, 5 runs; needs node and
#                                           /usr/bin/chromium)
#
# BIN=target/release/studysite picks the binary (default target/debug/studysite: the page's
# speed does not depend on it). WORK= is where the corpus and site go (default
# target/bench/review-N); delete it after changing the review page's files.
set -eu
N=${1:-10000}
RUNS=${2:-5}
BIN=${BIN:-target/debug/studysite}
WORK=${WORK:-target/bench/review-$N}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
if [ ! -f "$WORK/public/review.html" ]; then
  rm -rf "$WORK/corpus" "$WORK/public"
  python3 bench/gen_corpus.py "$N" "$WORK/corpus" --sites studysite >/dev/null
  python3 bench/add_cards.py "$WORK/corpus/studysite/notes"
  "$BIN" build --quiet --root "$WORK/corpus/studysite" --out "$WORK/public"
fi
echo "cards.js: $(wc -c < "$WORK/public/cards.js") bytes; card files: $(ls "$WORK/public/cards" | wc -l)"
node bench/review_cdp.js "$WORK/public/review.html" "$RUNS"
