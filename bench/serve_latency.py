#!/usr/bin/env python3
"""Live-preview latency: time from saving a note to the rebuilt page being served.

Starts `studysite serve` on a corpus, then, for a body-only edit and for a title edit, writes the
note and polls the page over HTTP (127.0.0.1 only) until the change is served. A title edit is
served when the next note's page, whose outline lists the edited note, shows the new title too.
Prints the median of several edits of each kind, with the load average (the figures move with
it on a shared machine). The corpus is modified and restored.

    python3 bench/gen_corpus.py 10000 /tmp/c10k
    python3 bench/serve_latency.py --root /tmp/c10k/studysite [--bin target/release/studysite] [--log FILE]
"""
import argparse
import os
import pathlib
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def wait_until(predicate, timeout):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.002)
    raise TimeoutError("the change was not served in time")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--bin", default="target/release/studysite")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--log", help="keep the server's log (with STUDYSITE_TIMINGS=1, each edit's stages) here")
    args = ap.parse_args()

    root = pathlib.Path(args.root)
    notes = sorted((root / "notes").rglob("*.md"))
    note = next(n for n in notes if n.name != "index.md")
    neighbour = notes[notes.index(note) + 1]
    url_path = note.relative_to(root / "notes").with_suffix(".html").as_posix()
    neighbour_path = neighbour.relative_to(root / "notes").with_suffix(".html").as_posix()
    original = note.read_text()
    port = free_port()
    started = time.perf_counter()
    # The server's log goes to a file: a pipe nobody reads would stop it once full.
    log = open(args.log, "w+") if args.log else tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen(
        [args.bin, "serve", "--root", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/{url_path}"
    neighbour_url = f"http://127.0.0.1:{port}/{neighbour_path}"
    try:
        wait_until(lambda: "EventSource" in fetch(url), 600)
        print(f"{len(notes)} notes; first build and start: {time.perf_counter() - started:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}")
        time.sleep(0.5)
        results = {}
        for kind in ("body", "title"):
            samples = []
            for i in range(args.edits):
                marker = f"studysite-bench-{kind}-{i}-{time.time_ns()}"
                if kind == "body":
                    text = original + f"\n\n{marker}\n"
                else:
                    text = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
                # Both pages open, as in a browser's tabs.
                fetch(url)
                fetch(neighbour_url)
                note.write_text(text)
                if kind == "body":
                    samples.append(wait_until(lambda: marker in fetch(url), 600))
                else:
                    samples.append(wait_until(
                        lambda: marker in fetch(url) and marker in fetch(neighbour_url), 600))
                note.write_text(original)
                wait_until(lambda: marker not in fetch(url), 600)
                time.sleep(0.3)
            results[kind] = samples
            print(f"{kind} edit: median {statistics.median(samples) * 1000:.0f} ms "
                  f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, {len(samples)} edits; "
                  f"load average {os.getloadavg()[0]:.1f})")
    finally:
        note.write_text(original)
        server.terminate()
        server.wait(timeout=10)
        log.seek(0)
        print("the server's log, last lines:", *log.read().splitlines()[-6:], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
