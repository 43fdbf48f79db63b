#!/usr/bin/env python3
"""Where a built site's page bytes go: sums each region of every page over a whole output.

    python3 bench/page_bytes.py OUTDIR [--hugo HUGO_PUBLIC]

In: a studysite output folder (and, with --hugo, Hugo's output of the same corpus, for the
ratios). Out: a Markdown table on stdout, one row per region of the pages (every HTML file
but the handout), its total bytes and its bytes per page, largest first; "of which" rows are
parts of the region above them. A region is found by its markup (the templates' landmarks),
so this reads studysite's own pages only; what matches no region is "the rest" (the page's
text between regions, whitespace). Standard library only.
"""

import argparse
import os
import re
import sys

# Regions in the order they appear in a page: (name, start pattern, end pattern). Each is
# matched once, from where the previous one ended, so they never overlap.
REGIONS = [
    ("<head> (but the theme script)", r"<head>", r"</head>"),
    ("site header (title, site links; before df09bc2 also the search box and buttons)", r'<header class="site-header">', r"</header>"),
    ("sidebar outline", r'<nav class="outline"', r"</nav>\s*(?=<main)"),
    ("breadcrumbs", r'<nav class="breadcrumbs"', r"</nav>"),
    ("tags", r'<ul class="tags"', r"</ul>"),
    ("table of contents", r'<nav class="toc"', r"</nav>"),
    ("note text (div.content)", r'<div class="content">', r"</div>\s*(?=<aside|<section class=\"course\"|<p class=\"updated|<nav class=\"pager|</article>)"),
    ("foot lists (aside.connections)", r'<aside class="connections"', r"</aside>"),
    ("pager", r'<nav class="pager"', r"</nav>"),
    ("link previews (script#link-previews)", r'<script type="application/json" id="link-previews">', r"</script>"),
    ("footer", r'<footer class="site-footer">', r"</footer>"),
]
# Parts inside a region, counted wherever they occur in it.
PARTS = {
    "<head> (but the theme script)": [("theme script", r"<script>.*?</script>")],
    "note text (div.content)": [
        ("code blocks (pre)", r"<pre\b.*?</pre>"),
        ("heading anchors (a.anchor)", r'<a class="anchor"[^>]*>.*?</a>'),
    ],
    "sidebar outline": [("closed sections' entries", r'<li class="section"><a [^>]*>[^<]*</a></li>')],
}


def pages(root):
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html") and not (d == root and f == "handout.html"):
                yield os.path.join(d, f)


def total_html(root):
    return sum(os.path.getsize(p) for p in pages(root))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--hugo")
    args = ap.parse_args()
    compiled = [(n, re.compile(s), re.compile(e, re.S)) for n, s, e in REGIONS]
    parts = {k: [(n, re.compile(p, re.S)) for n, p in v] for k, v in PARTS.items()}
    sums = {n: 0 for n, _, _ in REGIONS}
    part_sums = {(k, n): 0 for k, v in PARTS.items() for n, _ in v}
    total = count = 0
    for path in pages(args.out):
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8")
        size = len(text.encode("utf-8"))
        total += size
        count += 1
        at = 0
        for name, start, end in compiled:
            m = start.search(text, at)
            if not m:
                continue
            e = end.search(text, m.start())
            if not e:
                continue
            region = text[m.start():e.end()]
            nbytes = len(region.encode("utf-8"))
            for pname, pat in parts.get(name, []):
                got = sum(len(x.group(0).encode("utf-8")) for x in pat.finditer(region))
                part_sums[(name, pname)] += got
                if name.startswith("<head>") and pname == "theme script":
                    nbytes -= got
                    sums.setdefault("theme script (inline, in <head>)", 0)
                    sums["theme script (inline, in <head>)"] += got
            sums[name] += nbytes
            at = e.end()
    if count == 0:
        sys.exit(f"page_bytes.py: no HTML pages under {args.out}")
    rest = total - sum(sums.values())
    rows = sorted(sums.items(), key=lambda kv: -kv[1]) + [("the rest (text between regions, whitespace)", rest)]
    mb = lambda b: f"{b / 1048576:.1f}"
    print(f"{count} pages, {mb(total)} MB" + (f" ({total / total_html(args.hugo):.2f}x Hugo's {mb(total_html(args.hugo))} MB of HTML)" if args.hugo else ""))
    print()
    print("| region | MB | share | bytes per page |")
    print("|---|---:|---:|---:|")
    for name, b in rows:
        if b == 0:
            continue  # a region this build's pages no longer have
        print(f"| {name} | {mb(b)} | {100 * b / total:.0f}% | {b / count:,.0f} |")
        for (k, pname), pb in part_sums.items():
            if k == name and pname != "theme script" and pb:
                print(f"| … of which {pname} | {mb(pb)} | {100 * pb / total:.0f}% | {pb / count:,.0f} |")
    print(f"| **all pages** | **{mb(total)}** | 100% | {total / count:,.0f} |")


if __name__ == "__main__":
    main()
