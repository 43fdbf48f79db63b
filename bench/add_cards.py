#!/usr/bin/env python3
"""Gives every note of a generated corpus (bench/gen_corpus.py) cards to study: a question
callout and a [!KEY] callout of three bullets with a bold part each, appended to its body, so
that the review page's benchmark (bench/review_ready.sh) has four cards a note, plus the
comparisons' cells. Deterministic; run it once on a fresh corpus.

    python3 bench/add_cards.py OUTDIR/studysite/notes
"""

import sys
from pathlib import Path

def main() -> None:
    notes = Path(sys.argv[1])
    count = 0
    for path in sorted(notes.rglob("note-*.md")):
        n = path.stem.split("-")[-1]
        with path.open("a", encoding="utf-8") as f:
            f.write(
                f"\n\n> [!question] What does note {n} teach first?\n> Its first section, on **topic {n}**.\n\n"
                f"> [!KEY]\n> - Note {n} keeps **{n} facts** in mind.\n"
                f"> - The cache of note {n} holds **{int(n) % 97} entries**.\n"
                f"> - Note {n} is read in **section order**.\n"
            )
        count += 1
    print(f"added cards to {count} notes", file=sys.stderr)

if __name__ == "__main__":
    main()
