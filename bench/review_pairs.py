#!/usr/bin/env python3
"""Two builds of the review page, measured in strict alternation: on a shared machine a change
of a few tens of ms is only seen by comparing runs taken moments apart, never medians taken
minutes apart.

Each round runs bench/review_cdp.js once on each page, first from the home page's header link
(WARM=1) and then in a fresh browser, the two pages in turn, their order swapped every round so
that neither always goes first. It prints each run, then for each way of opening the page the
medians of both and, pair by pair, how much B moved each figure and in how many pairs it was
quicker, with the load average before and after (read the CPU figures when it is high).

    python3 bench/review_pairs.py A/review.html B/review.html [ROUNDS]     (default 10 rounds)

MODES=warm or MODES=fresh measures one way only; NICE=-10 runs the browsers at that priority
(as root), so that other work on the machine slows them less; CHROMIUM as for review_cdp.js.
"""
import os
import pathlib
import re
import statistics
import subprocess
import sys

FIGURES = ["painted", "rated", "card", "task CPU", "script CPU"]
CDP = pathlib.Path(__file__).with_name("review_cdp.js")


def run(page, warm):
    env = dict(os.environ, WARM="1" if warm else "")
    env.pop("TRACE", None)
    command = ["node", str(CDP), page, "1"]
    if os.environ.get("NICE"):
        command = ["nice", "-n", os.environ["NICE"]] + command
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    line = next((l for l in out.stdout.splitlines() if l.startswith("run 1:")), None)
    if line is None:
        sys.exit(f"review_cdp.js failed on {page}: {out.stderr.strip() or out.stdout.strip()}")
    figures = {}
    for name in FIGURES:
        m = re.search(re.escape(name) + r" (-?\d+) ms", line)
        figures[name] = int(m.group(1)) if m else None
    return line[len("run 1: "):], figures


def load():
    return os.getloadavg()[0]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pages = [str(pathlib.Path(p).resolve()) for p in sys.argv[1:3]]
    for page in pages:
        if not pathlib.Path(page).is_file():
            sys.exit(f"no such page: {page}")
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    modes = [m for m in os.environ.get("MODES", "warm fresh").split() if m in ("warm", "fresh")]
    results = {(mode, k): [] for mode in modes for k in (0, 1)}
    loads = [load()]
    print(f"A: {pages[0]}\nB: {pages[1]}\nload average {loads[0]:.2f}")
    for r in range(rounds):
        for mode in modes:
            order = (0, 1) if r % 2 == 0 else (1, 0)
            for k in order:
                text, figures = run(pages[k], mode == "warm")
                results[(mode, k)].append(figures)
                print(f"round {r + 1} {mode} {'AB'[k]}: {text}", flush=True)
    loads.append(load())
    print(f"load average {loads[0]:.2f} before, {loads[1]:.2f} after")
    for mode in modes:
        a, b = results[(mode, 0)], results[(mode, 1)]
        print(f"{mode}, {len(a)} pairs:")
        for name in FIGURES:
            pairs = [(x[name], y[name]) for x, y in zip(a, b) if x[name] is not None and y[name] is not None]
            if not pairs:
                continue
            diff = statistics.median(y - x for x, y in pairs)
            quicker = sum(1 for x, y in pairs if y < x)
            print(
                f"  {name}: A {statistics.median(x for x, _ in pairs):.0f} ms, "
                f"B {statistics.median(y for _, y in pairs):.0f} ms (medians); "
                f"B - A {diff:+.0f} ms (median of the pairs), B quicker in {quicker} of {len(pairs)}"
            )


if __name__ == "__main__":
    main()
