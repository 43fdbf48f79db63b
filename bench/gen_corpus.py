#!/usr/bin/env python3
"""Deterministic benchmark corpus for studysite, Hugo and mdBook (Python 3.11, stdlib only).

    python3 bench/gen_corpus.py N OUTDIR [--seed S] [--sites studysite,hugo,mdbook] [--math]

Writes N study notes, the same content three times:

    OUTDIR/studysite/notes/sNN/note-XXXXX.md   studysite (frontmatter, relative .md links and
                                               wikilinks, ```compare blocks)
    OUTDIR/hugo/                               a Hugo site (hugo.toml, content/, layouts/)
    OUTDIR/mdbook/                             an mdBook (book.toml, src/SUMMARY.md, src/sNN/...)

Every note has YAML frontmatter (title, summary, tags, order) and a 3-5 KB body: ## and ###
headings, bullet lists, a GFM table, two fenced code blocks in rotating languages, 3-5 links to
other notes and, in 1 note of 50, a comparison (a studysite ```compare block; a Markdown table
for Hugo and mdBook). Notes are spread over up to 20 sections (folders sNN/), each with an index
page. With --math, every tenth note ends with a display formula and a ```mermaid diagram
(a flowchart or a sequence diagram, in turn); without it the corpus is what it was before the
flag existed. The same N, seed and flag always give byte-identical output.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS = 20
LANGS = ["rust", "python", "yaml", "bash", "json", "go", "javascript", "dockerfile"]
SITES = ("studysite", "hugo", "mdbook")

WORDS = (
    "cache queue buffer kernel thread process socket packet schema index shard replica leader "
    "follower quorum lease token session cookie header payload request response latency "
    "throughput bandwidth partition segment offset cursor snapshot checkpoint journal ledger "
    "commit rollback transaction isolation lock mutex semaphore channel stream batch window "
    "trigger event handler callback promise future scheduler worker pool cluster node region "
    "zone bucket object blob volume mount container image registry layer manifest policy role "
    "principal grant scope claim signature digest cipher key certificate endpoint gateway proxy "
    "balancer route rule filter matcher pattern template render layout widget component module "
    "package crate library binary artifact pipeline stage job step runner agent probe metric "
    "trace span log alert dashboard budget quota limit threshold retry backoff timeout deadline"
).split()
ADJECTIVES = (
    "fast slow durable volatile eventual strong weak lazy eager cold warm hot stateless stateful "
    "managed serverless regional global private public shared dedicated elastic static dynamic "
    "immutable mutable ordered unordered idempotent atomic partial incremental parallel serial"
).split()
VERBS = (
    "stores replays flushes evicts routes retries batches compacts replicates validates caches "
    "encrypts signs schedules throttles balances indexes merges splits streams mirrors tracks "
    "publishes consumes rotates expires snapshots reconciles"
).split()
TOPICS = (
    "Caching Queues Scheduling Replication Consensus Sharding Indexing Streaming Batching "
    "Containers Networking Storage Security Observability Deployment Scaling Pricing Identity "
    "Messaging Serialization Compression Encryption Routing Testing Profiling Packaging"
).split()
FACETS = (
    "Basics Internals Patterns Pitfalls Limits Trade-offs Tuning Recipes Checklist Overview "
    "Walkthrough Cheatsheet Glossary Examples Quotas"
).split()
TAGS = [
    "storage", "compute", "network", "security", "database", "messaging", "observability",
    "cost", "performance", "reliability", "serverless", "containers", "exam", "review",
    "cli", "config", "api", "identity", "streaming", "batch", "caching", "scaling", "testing",
    "deployment", "backup", "migration", "limits", "pricing", "patterns", "internals",
]
ASPECTS = [
    "Speed", "Cost", "Durability", "Scaling", "Setup effort", "Latency", "Throughput",
    "Consistency", "Ops burden", "Pricing model", "Max size", "Failure mode", "Use case",
]
VALUES = [
    "fast", "slow", "moderate", "cheap", "costly", "manual", "automatic", "built-in", "optional",
    "limited", "unlimited", "strong", "eventual", "minutes", "seconds", "high", "low", "regional",
    "global", "per request", "per hour", "per GB",
]


@dataclass
class Note:
    num: int
    section: int
    order: int
    title: str
    summary: str
    tags: list[str]
    # Filled by the body builder: (kind, payload) blocks rendered per site.
    blocks: list[tuple] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"note-{self.num:05d}"

    @property
    def sdir(self) -> str:
        return f"s{self.section:02d}"

    @property
    def rel(self) -> str:
        return f"{self.sdir}/{self.name}"


# ---------------------------------------------------------------- text


def sentence(rng: random.Random) -> str:
    n = rng.randint(8, 16)
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randint(1, 3), rng.choice(VERBS))
    words.insert(rng.randint(0, 2), rng.choice(ADJECTIVES))
    if rng.random() < 0.3:
        i = rng.randint(2, len(words) - 1)
        words[i] = f"**{words[i]}**"
    elif rng.random() < 0.3:
        i = rng.randint(2, len(words) - 1)
        words[i] = f"`{words[i]}`"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraph(rng: random.Random, lo: int = 3, hi: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def bullet(rng: random.Random) -> str:
    n = rng.randint(5, 11)
    text = " ".join(rng.choice(WORDS) for _ in range(n))
    return f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(WORDS)}: {text}"


# ---------------------------------------------------------------- code


def code(rng: random.Random, lang: str) -> str:
    w = lambda: rng.choice(WORDS)  # noqa: E731
    n = rng.randint(8, 14)
    lines: list[str] = []
    if lang == "rust":
        lines.append(f"/// {w().capitalize()} the {w()} {w()}.")
        lines.append(f"pub fn {w()}_{w()}(input: &[u8], limit: usize) -> Result<Vec<u8>, Error> {{")
        for _ in range(n - 4):
            lines.append(rng.choice([
                f"    let {w()} = input.len().min(limit) * {rng.randint(2, 64)};",
                f"    if input.is_empty() {{ return Err(Error::{w().capitalize()}); }}",
                f"    let {w()}: Vec<u8> = input.iter().map(|b| b ^ 0x{rng.randint(16, 255):02x}).collect();",
                f'    println!("{w()} = {{}}", limit);',
                f"    // {w()} {w()} {w()}",
            ]))
        lines += ["    Ok(input.to_vec())", "}"]
    elif lang == "python":
        lines.append(f"def {w()}_{w()}(items, limit={rng.randint(1, 100)}):")
        lines.append(f'    """{w().capitalize()} the {w()}."""')
        for _ in range(n - 3):
            lines.append(rng.choice([
                f"    {w()} = [x * {rng.randint(2, 9)} for x in items if x > limit]",
                f"    if not items:\n        raise ValueError(\"no {w()}\")",
                f'    print(f"{w()}: {{len(items)}}")',
                f"    # {w()} {w()} {w()}",
                f"    {w()} = {{k: v for k, v in enumerate(items)}}",
            ]))
        lines.append("    return items")
    elif lang == "yaml":
        lines.append(f"{w()}:")
        for _ in range(n - 1):
            lines.append(rng.choice([
                f"  {w()}: {rng.randint(1, 9999)}",
                f"  {w()}: \"{w()}-{w()}\"",
                f"  {w()}: [{w()}, {w()}, {w()}]",
                f"  # {w()} {w()}",
                f"  {w()}: true",
            ]))
    elif lang == "bash":
        lines.append("#!/usr/bin/env bash")
        lines.append("set -euo pipefail")
        for _ in range(n - 2):
            lines.append(rng.choice([
                f'{w().upper()}="${{{w().upper()}:-{rng.randint(1, 99)}}}"',
                f"for f in ./{w()}/*.txt; do echo \"$f\"; done",
                f"aws {w()} describe-{w()}s --region eu-west-{rng.randint(1, 3)} | jq '.{w()}'",
                f"# {w()} {w()} {w()}",
                f"if [ -f /etc/{w()}.conf ]; then grep -c {w()} /etc/{w()}.conf; fi",
            ]))
    elif lang == "json":
        items = [f'  "{w()}{i}": ' + rng.choice([
            str(rng.randint(0, 10000)), f'"{w()} {w()}"', "true", "null",
            f'["{w()}", "{w()}"]',
        ]) for i in range(n - 2)]
        lines = ["{", ",\n".join(items), "}"]
    elif lang == "go":
        lines.append(f"func {w().capitalize()}{w().capitalize()}(ctx context.Context, n int) (int, error) {{")
        for _ in range(n - 3):
            lines.append(rng.choice([
                f"\t{w()} := n * {rng.randint(2, 64)}",
                f'\tif n < 0 {{\n\t\treturn 0, fmt.Errorf("{w()}: %d", n)\n\t}}',
                f"\tfor i := 0; i < n; i++ {{ n += i % {rng.randint(2, 9)} }}",
                f"\t// {w()} {w()} {w()}",
                f'\tlog.Printf("{w()} %v", ctx.Err())',
            ]))
        lines += ["\treturn n, nil", "}"]
    elif lang == "javascript":
        lines.append(f"export async function {w()}{w().capitalize()}(items, opts = {{}}) {{")
        for _ in range(n - 3):
            lines.append(rng.choice([
                f"  const {w()} = items.filter((x) => x.{w()} > {rng.randint(1, 99)});",
                f"  if (!items.length) throw new Error('{w()}');",
                f"  console.log(`{w()}: ${{items.length}}`);",
                f"  // {w()} {w()} {w()}",
                f"  await fetch(`/api/{w()}/${{opts.id}}`);",
            ]))
        lines += ["  return items;", "}"]
    elif lang == "dockerfile":
        lines.append(f"FROM debian:bookworm-slim AS {w()}")
        for _ in range(n - 2):
            lines.append(rng.choice([
                f"RUN apt-get update && apt-get install -y --no-install-recommends {w()} {w()}",
                f"COPY ./{w()} /opt/{w()}",
                f"ENV {w().upper()}_{w().upper()}={rng.randint(1, 9999)}",
                f"# {w()} {w()} {w()}",
                f"WORKDIR /srv/{w()}",
                f"EXPOSE {rng.randint(1024, 9999)}",
            ]))
        lines.append(f'CMD ["/opt/{w()}/bin/run", "--{w()}"]')
    else:  # pragma: no cover
        raise ValueError(lang)
    return "\n".join(lines)


# ---------------------------------------------------------------- corpus


def make_notes(n: int, rng: random.Random) -> list[Note]:
    sections = min(SECTIONS, n)
    notes = []
    for i in range(1, n + 1):
        section = (i - 1) * sections // n + 1
        title = f"{rng.choice(TOPICS)} {rng.choice(FACETS)} {i}"
        summary = f"{sentence(rng).rstrip('.?!').replace('**', '').replace('`', '')}."
        tags = sorted(rng.sample(TAGS, rng.randint(2, 4)))
        notes.append(Note(i, section, 0, title, summary, tags))
    # order = position within its section, 1-based
    counts: dict[int, int] = {}
    for note in notes:
        counts[note.section] = counts.get(note.section, 0) + 1
        note.order = counts[note.section]
    return notes


def add_math(note: Note) -> None:
    """--math: a formula and a Mermaid diagram at the end of every tenth note, from a generator
    of their own, so that the other notes are the same with or without the flag."""
    if note.num % 10 != 3:
        return
    rng = random.Random(note.num)
    k, n = rng.randint(2, 9), rng.randint(10, 99)
    formula = (f"$$\\sum_{{i=1}}^{{{n}}} x_i^{{{k}}} = \\frac{{\\sqrt{{a^2 + b^2}}}}{{{k}\\pi}}"
               f" + \\int_0^{{{n}}} e^{{-t}}\\,dt$$")
    words = rng.sample(WORDS, 5)
    if note.num % 20 == 3:
        lines = ["flowchart LR", f"    A[{words[0]}] --> B{{{words[1]}?}}",
                 f"    B -->|yes| C[{words[2]}]", f"    B -->|no| D[{words[3]}]",
                 f"    D --> E[{words[4]}]", "    C --> E"]
    else:
        lines = ["sequenceDiagram", f"    participant A as {words[0]}",
                 f"    participant B as {words[1]}", f"    A->>B: {words[2]}",
                 f"    B-->>A: {words[3]}", f"    A->>A: {words[4]}"]
    note.blocks.append(("h2", "Formula and diagram"))
    note.blocks.append(("para", [f"Inline, $x_{k} = {n}$; displayed:\n\n{formula}"]))
    note.blocks.append(("code", "mermaid", "\n".join(lines)))


def build_body(note: Note, notes: list[Note], rng: random.Random) -> None:
    """Fills note.blocks with site-neutral blocks."""
    others = [x for x in range(len(notes)) if x != note.num - 1] if len(notes) < 64 else None
    nlinks = min(rng.randint(3, 5), len(notes) - 1)
    targets: list[Note] = []
    while len(targets) < nlinks:
        j = rng.randrange(len(notes)) if others is None else rng.choice(others)
        t = notes[j]
        if t.num != note.num and t not in targets:
            targets.append(t)
    links = [("link", t, rng.random() < 0.25, rng.random() < 0.2) for t in targets]
    lang1 = LANGS[(2 * note.num) % len(LANGS)]
    lang2 = LANGS[(2 * note.num + 1) % len(LANGS)]
    b = note.blocks
    # intro with the first link
    b.append(("para", [paragraph(rng, 2, 3) + " Background: ", links[0], "."]))
    b.append(("h2", "Overview"))
    b.append(("para", [paragraph(rng)]))
    b.append(("list", [[bullet(rng)] for _ in range(rng.randint(3, 5))] + [[bullet(rng) + ", see ", links[1]]]))
    b.append(("h3", f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(WORDS)} details"))
    b.append(("para", [paragraph(rng, 2, 4)]))
    b.append(("code", lang1, code(rng, lang1)))
    b.append(("h2", "Reference"))
    cols = ["Option", "Default", "Meaning"]
    rows = [[f"`{rng.choice(WORDS)}_{rng.choice(WORDS)}`", str(rng.randint(0, 500)),
             " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))]
            for _ in range(rng.randint(4, 6))]
    b.append(("table", cols, rows))
    b.append(("para", [paragraph(rng, 1, 2) + " Compare with ", links[2], "."]))
    if note.num % 50 == 7 and len(notes) > 1:
        other = targets[0]
        aspects = rng.sample(ASPECTS, rng.randint(3, 5))
        crow = [(a, [rng.choice(VALUES), rng.choice(VALUES)]) for a in aspects]
        b.append(("h2", "Side by side"))
        b.append(("compare", f"{note.title} vs {other.title}", [note, other], crow))
    b.append(("h2", "Example"))
    b.append(("para", [paragraph(rng, 2, 3)]))
    b.append(("code", lang2, code(rng, lang2)))
    b.append(("h3", "Keep in mind"))
    b.append(("list", [[bullet(rng)] for _ in range(rng.randint(2, 4))]
              + [[bullet(rng) + " (", link, ")"] for link in links[3:]]))
    # pad to the target size with paragraphs (sizes measured on the studysite rendering)
    target = rng.randint(3000, 4600)
    while len(render_body(note, "studysite")) < target:
        b.append(("para", [paragraph(rng, 2, 4)]))


# ---------------------------------------------------------------- per-site rendering


def rel_path(src: Note, dst: Note, ext: str) -> str:
    if src.section == dst.section:
        return f"{dst.name}{ext}"
    return f"../{dst.sdir}/{dst.name}{ext}"


def render_link(src: Note, item: tuple, site: str) -> str:
    _, dst, wiki, anchor = item
    frag = "#overview" if anchor else ""
    if site == "studysite":
        if wiki:
            return f"[[{dst.name}{frag}|{dst.title}]]"
        return f"[{dst.title}]({rel_path(src, dst, '.md')}{frag})"
    ext = ".html" if site == "hugo" else ".md"
    return f"[{dst.title}]({rel_path(src, dst, ext)}{frag})"


def render_inline(src: Note, parts: list, site: str) -> str:
    return "".join(p if isinstance(p, str) else render_link(src, p, site) for p in parts)


def render_body(note: Note, site: str) -> str:
    out: list[str] = []
    for block in note.blocks:
        kind = block[0]
        if kind == "para":
            out.append(render_inline(note, block[1], site))
        elif kind == "h2":
            out.append(f"## {block[1]}")
        elif kind == "h3":
            out.append(f"### {block[1]}")
        elif kind == "list":
            out.append("\n".join(f"- {render_inline(note, item, site)}" for item in block[1]))
        elif kind == "code":
            out.append(f"```{block[1]}\n{block[2]}\n```")
        elif kind == "table":
            cols, rows = block[1], block[2]
            lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("\n".join(lines))
        elif kind == "compare":
            title, things, rows = block[1], block[2], block[3]
            if site == "studysite":
                lines = ["```compare", f"title: {title}",
                         "things: [" + ", ".join(t.name for t in things) + "]", "rows:"]
                for aspect, values in rows:
                    lines.append(f"  - aspect: {aspect}")
                    lines.append("    values: [" + ", ".join(values) + "]")
                lines.append("```")
                out.append("\n".join(lines))
            else:
                ext = ".html" if site == "hugo" else ".md"
                head = ["Aspect"] + [
                    t.title if t is note else f"[{t.title}]({rel_path(note, t, ext)})"
                    for t in things
                ]
                lines = [f"**{title}**", "", "| " + " | ".join(head) + " |",
                         "|" + "---|" * len(head)]
                lines += ["| " + " | ".join([a] + v) + " |" for a, v in rows]
                out.append("\n".join(lines))
        else:  # pragma: no cover
            raise ValueError(kind)
    return "\n\n".join(out) + "\n"


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def frontmatter(note: Note, order_key: str) -> str:
    return (
        "---\n"
        f"title: {yaml_str(note.title)}\n"
        f"summary: {yaml_str(note.summary)}\n"
        f"tags: [{', '.join(note.tags)}]\n"
        f"{order_key}: {note.order}\n"
        "---\n\n"
    )


def section_title(s: int) -> str:
    return f"Section {s:02d}"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_studysite(root: Path, notes: list[Note], sections: list[int]) -> None:
    write(root / "site.yaml", "title: Benchmark corpus\ndescription: Generated study notes.\n")
    for s in sections:
        write(root / "notes" / f"s{s:02d}" / "index.md",
              f"---\ntitle: {section_title(s)}\norder: {s}\n---\n\nNotes of section {s}.\n")
    for note in notes:
        write(root / "notes" / f"{note.rel}.md",
              frontmatter(note, "order") + render_body(note, "studysite"))


HUGO_TOML = """\
baseURL = "https://example.org/"
title = "Benchmark corpus"
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[markup.highlight]
noClasses = false
codeFences = true
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body>
<nav><a href="{{ "" | relURL }}">Home</a>{{ range site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Summary }}<p>{{ . }}</p>{{ end }}
{{ .Content }}
{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


def write_hugo(root: Path, notes: list[Note], sections: list[int]) -> None:
    write(root / "hugo.toml", HUGO_TOML)
    layouts = root / "layouts" / "_default"
    write(layouts / "baseof.html", HUGO_BASEOF)
    write(layouts / "single.html", HUGO_SINGLE)
    write(layouts / "list.html", HUGO_LIST)
    write(root / "content" / "_index.md", "---\ntitle: Benchmark corpus\n---\n\nGenerated study notes.\n")
    for s in sections:
        write(root / "content" / f"s{s:02d}" / "_index.md",
              f"---\ntitle: {section_title(s)}\nweight: {s}\n---\n\nNotes of section {s}.\n")
    for note in notes:
        write(root / "content" / f"{note.rel}.md",
              frontmatter(note, "weight") + render_body(note, "hugo"))


def write_mdbook(root: Path, notes: list[Note], sections: list[int]) -> None:
    write(root / "book.toml",
          '[book]\ntitle = "Benchmark corpus"\nauthors = ["gen_corpus.py"]\nlanguage = "en"\n'
          'src = "src"\n\n[build]\ncreate-missing = false\n')
    summary = ["# Summary", ""]
    by_section: dict[int, list[Note]] = {}
    for note in notes:
        by_section.setdefault(note.section, []).append(note)
    for s in sections:
        summary.append(f"- [{section_title(s)}](s{s:02d}/index.md)")
        write(root / "src" / f"s{s:02d}" / "index.md",
              f"# {section_title(s)}\n\nNotes of section {s}.\n")
        for note in by_section.get(s, []):
            summary.append(f"    - [{note.title}]({note.rel}.md)")
            write(root / "src" / f"{note.rel}.md",
                  f"# {note.title}\n\n{note.summary}\n\n" + render_body(note, "mdbook"))
    write(root / "src" / "SUMMARY.md", "\n".join(summary) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of notes")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "42")))
    ap.add_argument("--sites", default=",".join(SITES),
                    help="comma-separated subset of: " + ", ".join(SITES))
    ap.add_argument("--math", action="store_true",
                    help="a formula and a Mermaid diagram in every tenth note")
    args = ap.parse_args(argv)
    sites = [s for s in args.sites.split(",") if s]
    bad = [s for s in sites if s not in SITES]
    if args.n < 2 or bad:
        ap.error(f"N must be at least 2; unknown sites: {bad}" if bad else "N must be at least 2")

    rng = random.Random(args.seed)
    notes = make_notes(args.n, rng)
    for note in notes:
        build_body(note, notes, rng)
        if args.math:
            add_math(note)
    sections = sorted({n.section for n in notes})

    for site in sites:
        target = args.outdir / site
        if target.exists():
            shutil.rmtree(target)
        {"studysite": write_studysite, "hugo": write_hugo, "mdbook": write_mdbook}[site](
            target, notes, sections)
    sizes = [len(render_body(n, "studysite").encode()) for n in notes]
    print(f"gen_corpus: {args.n} notes in {len(sections)} sections, "
          f"{sum(1 for n in notes if any(b[0] == 'compare' for b in n.blocks))} comparisons, "
          f"body {min(sizes)}-{max(sizes)} bytes (mean {sum(sizes) // len(sizes)}), "
          f"sites: {', '.join(sites)} -> {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
