//! Handouts: the course, or a part of it, as one page to print or to save as a PDF.
//!
//! In: a loaded [`Site`], the templates, and a [`Selection`] (the whole course, the notes with a
//! tag, or the notes under a folder). Out: a [`Handout`], one self-contained HTML document: a
//! title page, a table of contents, then every selected note in course order. Its CSS is inlined,
//! the notes' images are `data:` URIs, it has no script, and it refers to nothing outside itself
//! but the external links written in the notes. Every id of a note is prefixed with the note's
//! anchor (`pricing` in `serverless/lambda.md` becomes `serverless--lambda--pricing`), so ids
//! never collide, and links between notes become in-page anchors. Links to what the handout
//! leaves out (a note outside a partial handout, a file) become plain text, or absolute links
//! when the site has a `base_url`.
//!
//! [`make`] is the `studysite handout` command: it renders a handout, [`print_pdf`]s it through a
//! locally installed Chromium ([`find_chromium`]) and writes the files, refusing to replace
//! anything it did not write ([`check_destination`]). The library never prints; the CLI reports.

use crate::assets;
use crate::compare;
use crate::config::{Options, Settings};
use crate::error::{closest, Diagnostic, Error, Result};
use crate::highlight;
use crate::html::{escape, escape_href};
use crate::links::{relative_href, Destination, LinkIndex};
use crate::markdown::{self, slugify, LinkKind, LinkResolver, ResolvedLink};
use crate::render::Templates;
use crate::site::{Item, NoteId, Section, Site};
use crate::Progress;
use base64::Engine as _;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The handout every build writes, next to `index.html`.
pub const FILE: &str = "handout.html";
/// The template a handout is rendered with (overridable in the site's `templates/`).
pub const TEMPLATE: &str = "handout.html";
/// The built-in template names itself so in `<meta name="generator">`: a file holding this near
/// its top is a handout, which a new handout may replace.
pub const GENERATOR: &str = "studysite handout";
/// Names the Chromium executable to print PDFs with; without it, Chromium is looked for on `PATH`.
pub const CHROMIUM_ENV: &str = "STUDYSITE_CHROMIUM";
/// Looked for on `PATH`, in this order.
const CHROMIUM_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// How long Chromium may take to print.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(180);

/// Links that point into the handout (or nowhere) carry these between rendering and the pass
/// that rewrites ids: `studysite-handout:3` is the 3rd target of the note.
const TARGET: &str = "studysite-handout:";
const DROP: &str = "studysite-handout:drop";

/// Which notes a handout holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The whole course.
    Course,
    /// The notes with this tag (by name or slug, case-insensitively).
    Tag(String),
    /// The notes under this folder, relative to the notes folder (`containers`).
    Section(String),
}

impl Selection {
    /// The file name a handout of this selection gets by default: `handout.html`,
    /// `handout-lambda.html`, `handout-serverless.html`.
    pub fn file_name(&self, extension: &str) -> String {
        let suffix = match self {
            Selection::Course => String::new(),
            Selection::Tag(tag) => slugify(tag),
            Selection::Section(dir) => slugify(&dir.replace(['/', '\\'], "-")),
        };
        let suffix = suffix.trim_matches('-');
        if suffix.is_empty() {
            format!("handout.{extension}")
        } else {
            format!("handout-{suffix}.{extension}")
        }
    }
}

/// A rendered handout.
#[derive(Debug)]
pub struct Handout {
    /// The notes it holds, in course order.
    pub notes: Vec<NoteId>,
    /// What part of the course it is (`Notes tagged “lambda”`), `None` for the whole course.
    pub subtitle: Option<String>,
    pub html: String,
}

/// The notes a selection takes, in course order, and what they are for the title page.
pub fn select(site: &Site, selection: &Selection) -> Result<(Vec<NoteId>, Option<String>)> {
    match selection {
        Selection::Course => Ok((site.course.clone(), None)),
        Selection::Tag(name) => {
            let wanted = slugify(name);
            let tag = site
                .tags
                .iter()
                .find(|t| t.slug == wanted || t.name.eq_ignore_ascii_case(name.trim()));
            match tag {
                Some(tag) => Ok((
                    tag.notes.clone(),
                    Some(format!("Notes tagged “{}”", tag.name)),
                )),
                None => {
                    let names: Vec<&str> = site.tags.iter().map(|t| t.name.as_str()).collect();
                    let help = if names.is_empty() {
                        "no note has tags; add `tags: [a, b]` to a note's frontmatter".to_string()
                    } else {
                        known_list("tags", name, &names)
                    };
                    Err(Diagnostic::error(format!("unknown tag '{name}'"))
                        .with_help(help)
                        .into())
                }
            }
        }
        Selection::Section(dir) => {
            let dir = section_dir(dir, &site.settings.notes_dir);
            if dir.is_empty() {
                return Ok((site.course.clone(), None));
            }
            let mut sections = Vec::new();
            collect_sections(&site.outline, &mut sections);
            let Some(section) = sections.iter().find(|s| s.dir == dir) else {
                let dirs: Vec<&str> = sections.iter().map(|s| s.dir.as_str()).collect();
                let help = if dirs.is_empty() {
                    "the notes folder has no subfolders; leave out --section for the whole course"
                        .to_string()
                } else {
                    known_list("sections", &dir, &dirs)
                };
                return Err(Diagnostic::error(format!(
                    "unknown section '{dir}': no such folder in the notes folder"
                ))
                .with_help(help)
                .into());
            };
            let prefix = format!("{dir}/");
            let notes = site
                .course
                .iter()
                .copied()
                .filter(|&id| {
                    let d = &site.notes[id].dir;
                    *d == dir || d.starts_with(&prefix)
                })
                .collect();
            Ok((notes, Some(section.title.clone())))
        }
    }
}

/// `did you mean 'x'? The tags are: a, b, c`, or without a close one, `the tags are: ...`.
fn known_list(what: &str, wanted: &str, known: &[&str]) -> String {
    let list = known.join(", ");
    match closest(wanted, known.iter().copied()) {
        Some(near) => format!("did you mean '{near}'? The {what} are: {list}"),
        None => format!("the {what} are: {list}"),
    }
}

/// A `--section` argument as a folder relative to the notes folder: `./containers/` and a path
/// to the folder itself (`notes/containers`, from the current folder) both give `containers`.
fn section_dir(arg: &str, notes_dir: &Path) -> String {
    if let (Ok(path), Ok(notes)) = (Path::new(arg).canonicalize(), notes_dir.canonicalize()) {
        if path.is_dir() {
            if let Ok(rel) = path.strip_prefix(&notes) {
                return rel.to_string_lossy().replace('\\', "/");
            }
        }
    }
    let mut dir = arg.trim().replace('\\', "/");
    while let Some(rest) = dir.strip_prefix("./") {
        dir = rest.to_string();
    }
    dir.trim_matches('/').to_string()
}

fn collect_sections<'s>(section: &'s Section, out: &mut Vec<&'s Section>) {
    for child in &section.children {
        out.push(child);
        collect_sections(child, out);
    }
}

/// One note's body, rendered with its links pointing into the handout.
struct Body {
    html: String,
    /// The notes (and anchors in them) its `studysite-handout:N` links point to.
    targets: Vec<(NoteId, Option<String>)>,
    /// Its ids (and `<a name>`s), in document order.
    ids: Vec<String>,
}

/// The links of one note as the handout resolves them.
#[derive(Default)]
struct HandoutLinks {
    resolved: HashMap<(LinkKind, String), ResolvedLink>,
}

impl LinkResolver for HandoutLinks {
    fn resolve(&self, kind: LinkKind, target: &str) -> Option<&ResolvedLink> {
        self.resolved.get(&(kind, target.to_string()))
    }
}

/// What every note's rendering shares.
struct Shared<'a> {
    site: &'a Site,
    index: LinkIndex<'a>,
    included: HashSet<NoteId>,
}

impl Shared<'_> {
    /// A link to something the handout leaves out: absolute when the site has a `base_url`,
    /// otherwise plain text.
    fn outside(&self, path: &str, fragment: Option<&str>) -> ResolvedLink {
        match &self.site.settings.site.base_url {
            Some(base) => ResolvedLink {
                href: match fragment {
                    Some(f) => format!("{base}{}#{f}", relative_href("index.html", path)),
                    None => format!("{base}{}", relative_href("index.html", path)),
                },
                external: true,
                note: None,
            },
            None => ResolvedLink {
                href: DROP.into(),
                external: false,
                note: None,
            },
        }
    }

    /// Where a link to note `to` goes: a numbered target when the note is in the handout.
    fn note_link(
        &self,
        to: NoteId,
        fragment: Option<String>,
        targets: &mut Vec<(NoteId, Option<String>)>,
    ) -> ResolvedLink {
        if self.included.contains(&to) {
            targets.push((to, fragment));
            ResolvedLink {
                href: format!("{TARGET}{}", targets.len() - 1),
                external: false,
                note: Some(to),
            }
        } else {
            self.outside(&self.site.notes[to].url, fragment.as_deref())
        }
    }

    fn render_body(&self, id: NoteId) -> Result<Body> {
        let site = self.site;
        let note = &site.notes[id];
        let mut links = HandoutLinks::default();
        let mut targets = Vec::new();
        for link in &note.analysis.links {
            let key = (link.kind, link.target.clone());
            if links.resolved.contains_key(&key) {
                continue;
            }
            // A broken link (allowed by `allow_broken_links`) stays unresolved, as on the site.
            let Ok(destination) = self.index.resolve(id, link.kind, &link.target) else {
                continue;
            };
            let resolved = match destination {
                Destination::External => ResolvedLink {
                    href: link.target.clone(),
                    external: true,
                    note: None,
                },
                Destination::Note(to, fragment) => self.note_link(to, fragment, &mut targets),
                Destination::Asset(path) if link.kind == LinkKind::Image => ResolvedLink {
                    href: data_uri(site, &path)?,
                    external: false,
                    note: None,
                },
                Destination::Asset(path) => self.outside(&path, None),
            };
            links.resolved.insert(key, resolved);
        }
        let comparisons: Vec<_> = site.comparisons.iter().filter(|c| c.note == id).collect();
        let headers: Vec<Vec<Option<String>>> = comparisons
            .iter()
            .map(|c| {
                c.things
                    .iter()
                    .map(|t| {
                        let link = self.note_link(t.note?, None, &mut targets);
                        (link.href != DROP).then_some(link.href)
                    })
                    .collect()
            })
            .collect();
        let html = markdown::render(note.body(), &note.analysis, &links, &|i| match (
            comparisons.get(i),
            headers.get(i),
        ) {
            (Some(c), Some(hrefs)) => compare::table_html(c, hrefs, &|md| {
                markdown::render_inline(md, &links as &dyn LinkResolver)
            }),
            _ => String::new(),
        });
        let ids = collect_ids(&html);
        Ok(Body { html, targets, ids })
    }
}

/// A note's file as a `data:` URI.
fn data_uri(site: &Site, rel: &str) -> Result<String> {
    let path = site.settings.notes_dir.join(rel);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    let extension = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let mime = match extension.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

#[derive(Serialize)]
struct NoteCtx<'a> {
    anchor: &'a str,
    title: &'a str,
    /// False when the note opens with its own `# H1`.
    show_title: bool,
    summary: Option<&'a str>,
    /// The sections the note is in, outermost first.
    sections: Vec<&'a str>,
    tags: Vec<TagCtx>,
    updated: Option<&'a str>,
    content: String,
}

#[derive(Serialize)]
struct TagCtx {
    name: String,
    href: Option<String>,
}

/// The whole course's handout, as every build writes it.
pub fn course(site: &Site, templates: &Templates) -> Result<String> {
    render(site, templates, &Selection::Course).map(|h| h.html)
}

/// Renders the handout of `selection`.
pub fn render(site: &Site, templates: &Templates, selection: &Selection) -> Result<Handout> {
    let (notes, subtitle) = select(site, selection)?;
    let shared = Shared {
        site,
        index: LinkIndex::new(&site.notes, site.assets.iter().map(|a| a.rel.as_str())),
        included: notes.iter().copied().collect(),
    };
    let bodies = notes
        .par_iter()
        .map(|&id| shared.render_body(id))
        .collect::<Result<Vec<Body>>>()?;

    // Ids: the template's own first, then each note's anchor and its ids, prefixed.
    let css = stylesheet(site)?;
    let date = crate::scaffold::today();
    let skeleton = render_page(site, templates, subtitle.as_deref(), &date, &css, "", &[])?;
    let mut used: HashSet<String> = collect_ids(&skeleton).into_iter().collect();
    let mut anchors: HashMap<NoteId, String> = HashMap::new();
    let mut maps: HashMap<NoteId, HashMap<String, String>> = HashMap::new();
    for (&id, body) in notes.iter().zip(&bodies) {
        let anchor = unique(&mut used, note_anchor(&site.notes[id].slug));
        let mut map = HashMap::new();
        for local in &body.ids {
            if !map.contains_key(local) {
                let global = unique(&mut used, format!("{anchor}--{local}"));
                map.insert(local.clone(), global);
            }
        }
        anchors.insert(id, anchor);
        maps.insert(id, map);
    }
    let ids = Ids {
        anchors: &anchors,
        maps: &maps,
    };
    let contents = notes
        .par_iter()
        .zip(&bodies)
        .map(|(&id, body)| rewrite(&shared, &ids, id, body))
        .collect::<Result<Vec<String>>>()?;

    let base_url = site.settings.site.base_url.as_deref();
    let note_ctx: Vec<NoteCtx> = notes
        .iter()
        .zip(contents)
        .map(|(&id, content)| {
            let note = &site.notes[id];
            NoteCtx {
                anchor: &anchors[&id],
                title: &note.title,
                show_title: !note.analysis.starts_with_h1,
                summary: note.meta.summary.as_deref(),
                sections: site
                    .breadcrumbs(id)
                    .into_iter()
                    .filter(|s| s.index != Some(id))
                    .map(|s| s.title.as_str())
                    .collect(),
                tags: note
                    .meta
                    .tags
                    .iter()
                    .map(|t| TagCtx {
                        name: t.clone(),
                        href: base_url.map(|b| format!("{b}tags/{}.html", slugify(t))),
                    })
                    .collect(),
                updated: note.meta.updated.as_deref(),
                content,
            }
        })
        .collect();
    let toc = toc_html(site, &shared.included, &anchors);
    let html = render_page(
        site,
        templates,
        subtitle.as_deref(),
        &date,
        &css,
        &toc,
        &note_ctx,
    )?;
    Ok(Handout {
        notes,
        subtitle,
        html,
    })
}

fn render_page(
    site: &Site,
    templates: &Templates,
    subtitle: Option<&str>,
    date: &str,
    css: &str,
    toc: &str,
    notes: &[NoteCtx],
) -> Result<String> {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &site.settings.site);
    ctx.insert("subtitle", &subtitle);
    ctx.insert("date", date);
    ctx.insert("generator", GENERATOR);
    ctx.insert("css", css);
    ctx.insert("toc", toc);
    ctx.insert("notes", notes);
    templates.render(TEMPLATE, &ctx, &site.settings.root)
}

/// The site's stylesheet (its own `static/style.css`, or the built-in one) and the highlighting
/// styles, for a `<style>` element. Dark themes apply on screen only: paper is white.
fn stylesheet(site: &Site) -> Result<String> {
    let own = site.settings.root.join("static").join("style.css");
    let css = if own.is_file() {
        std::fs::read_to_string(&own).map_err(|e| Error::io("read", &own, e))?
    } else {
        String::from_utf8_lossy(assets::builtin(assets::STATIC, "style.css").unwrap_or_default())
            .into_owned()
    };
    Ok(format!("{css}\n{}", highlight::stylesheet())
        .replace(
            "@media (prefers-color-scheme: dark)",
            "@media screen and (prefers-color-scheme: dark)",
        )
        .replace("</style", "<\\/style"))
}

/// `serverless/lambda` -> `serverless--lambda`.
fn note_anchor(slug: &str) -> String {
    let anchor = slug
        .split('/')
        .map(|part| part.split_whitespace().collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join("--");
    if anchor.is_empty() {
        "note".into()
    } else {
        anchor
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`... whichever is free; marks it taken.
fn unique(used: &mut HashSet<String>, wanted: String) -> String {
    let mut candidate = wanted.clone();
    let mut n = 1;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{wanted}-{n}");
    }
    used.insert(candidate.clone());
    candidate
}

/// Every note's anchor and the global id of each of its local ids.
struct Ids<'a> {
    anchors: &'a HashMap<NoteId, String>,
    maps: &'a HashMap<NoteId, HashMap<String, String>>,
}

impl Ids<'_> {
    /// The id an anchor `fragment` of note `id` has in the handout: the element's own, or the
    /// note's when the note has no such element.
    fn global(&self, id: NoteId, fragment: Option<&str>) -> &str {
        fragment
            .and_then(|f| self.maps.get(&id)?.get(f))
            .or_else(|| self.anchors.get(&id))
            .map_or("", String::as_str)
    }
}

/// The table of contents: the course outline, with only the handout's notes.
fn toc_html(site: &Site, included: &HashSet<NoteId>, anchors: &HashMap<NoteId, String>) -> String {
    let mut html = String::new();
    if let Some(id) = site.outline.index.filter(|id| included.contains(id)) {
        toc_link(&mut html, &anchors[&id], &site.notes[id].title, "li");
    }
    toc_items(site, &site.outline, included, anchors, &mut html);
    format!("<ol>{html}</ol>")
}

fn toc_items(
    site: &Site,
    section: &Section,
    included: &HashSet<NoteId>,
    anchors: &HashMap<NoteId, String>,
    html: &mut String,
) {
    for item in &section.order {
        match *item {
            Item::Note(id) if included.contains(&id) => {
                toc_link(html, &anchors[&id], &site.notes[id].title, "li");
            }
            Item::Note(_) => {}
            Item::Section(i) => {
                let child = &section.children[i];
                let mut inner = String::new();
                toc_items(site, child, included, anchors, &mut inner);
                let index = child.index.filter(|id| included.contains(id));
                if inner.is_empty() && index.is_none() {
                    continue;
                }
                html.push_str("<li class=\"section\">");
                match index {
                    Some(id) => toc_link(html, &anchors[&id], &child.title, "span"),
                    None => {
                        html.push_str("<span>");
                        html.push_str(&escape(&child.title));
                        html.push_str("</span>");
                    }
                }
                if !inner.is_empty() {
                    html.push_str("<ol>");
                    html.push_str(&inner);
                    html.push_str("</ol>");
                }
                html.push_str("</li>");
            }
        }
    }
}

fn toc_link(html: &mut String, anchor: &str, title: &str, wrapper: &str) {
    if wrapper == "li" {
        html.push_str("<li>");
    }
    html.push_str(&format!(
        "<a href=\"#{}\">{}</a>",
        escape_href(anchor),
        escape(title)
    ));
    if wrapper == "li" {
        html.push_str("</li>");
    }
}

// ---------------------------------------------------------------------------------------------
// The id pass: a small tokenizer over the HTML the render pass wrote (and whatever raw HTML the
// notes hold), rewriting ids, the links to them, and everything that would load from elsewhere.

/// A start tag, as written.
#[derive(Debug)]
struct StartTag<'a> {
    name: &'a str,
    attrs: Vec<Attr<'a>>,
    self_closing: bool,
}

#[derive(Debug)]
struct Attr<'a> {
    name: &'a str,
    /// As written: still HTML-escaped.
    value: Option<&'a str>,
    /// The whole attribute as written, `name="value"`.
    raw: &'a str,
}

impl StartTag<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .and_then(|a| a.value)
    }
}

#[derive(Debug)]
enum Token<'a> {
    Text(&'a str),
    Start(StartTag<'a>, &'a str),
    End(&'a str, &'a str),
    /// Comments, doctypes, the content of `<script>` and `<style>`: copied as they are.
    Other(&'a str),
}

fn tokenize(html: &str) -> Vec<Token<'_>> {
    let bytes = html.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let next = rest[1..].chars().next().unwrap_or(' ');
        let (token, len) = if rest.starts_with("<!--") {
            let len = rest.find("-->").map_or(rest.len(), |p| p + 3);
            (Token::Other(&rest[..len]), len)
        } else if next == '!' || next == '?' {
            let len = rest.find('>').map_or(rest.len(), |p| p + 1);
            (Token::Other(&rest[..len]), len)
        } else if next == '/' && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let len = rest.find('>').map_or(rest.len(), |p| p + 1);
            let name = rest[2..len]
                .trim_end_matches('>')
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            (Token::End(name, &rest[..len]), len)
        } else if next.is_ascii_alphabetic() {
            match parse_start(rest) {
                Some((tag, len)) => (Token::Start(tag, &rest[..len]), len),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else {
            i += 1;
            continue;
        };
        if text_start < i {
            tokens.push(Token::Text(&html[text_start..i]));
        }
        i += len;
        text_start = i;
        let raw_text = match &token {
            Token::Start(tag, _) if !tag.self_closing => ["script", "style"]
                .into_iter()
                .find(|n| tag.name.eq_ignore_ascii_case(n)),
            _ => None,
        };
        tokens.push(token);
        if let Some(name) = raw_text {
            let close = format!("</{name}");
            let end = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |p| i + p);
            if end > i {
                tokens.push(Token::Other(&html[i..end]));
            }
            i = end;
            text_start = i;
        }
    }
    if text_start < html.len() {
        tokens.push(Token::Text(&html[text_start..]));
    }
    tokens
}

/// Parses the start tag `rest` begins with; `None` when it never closes.
fn parse_start(rest: &str) -> Option<(StartTag<'_>, usize)> {
    let b = rest.as_bytes();
    let is_space = |c: u8| c.is_ascii_whitespace();
    let mut i = 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = &rest[1..i];
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                return Some((
                    StartTag {
                        name,
                        attrs,
                        self_closing: false,
                    },
                    i + 1,
                ))
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                return Some((
                    StartTag {
                        name,
                        attrs,
                        self_closing: true,
                    },
                    i + 2,
                ))
            }
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < b.len()
            && !is_space(b[i])
            && b[i] != b'>'
            && (b[i] != b'=' || i == start)
            && !(b[i] == b'/' && b.get(i + 1) == Some(&b'>'))
        {
            i += 1;
        }
        let attr_name = &rest[start..i];
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = None;
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match *b.get(j)? {
                quote @ (b'"' | b'\'') => {
                    let end = j + 1 + rest[j + 1..].find(quote as char)?;
                    value = Some(&rest[j + 1..end]);
                    i = end + 1;
                }
                _ => {
                    let s = j;
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    value = Some(&rest[s..j]);
                    i = j;
                }
            }
        }
        attrs.push(Attr {
            name: attr_name,
            value,
            raw: &rest[start..i],
        });
    }
}

/// The text an attribute value stands for (character references decoded).
fn unescape(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The ids (and `<a name>`s) of an HTML fragment, in order.
fn collect_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for token in tokenize(html) {
        if let Token::Start(tag, _) = token {
            for attr in &tag.attrs {
                let is_id = attr.name.eq_ignore_ascii_case("id")
                    || (attr.name.eq_ignore_ascii_case("name")
                        && tag.name.eq_ignore_ascii_case("a"));
                if let (true, Some(value)) = (is_id, attr.value) {
                    ids.push(unescape(value).into_owned());
                }
            }
        }
    }
    ids
}

/// Attributes whose value is a list of ids.
const ID_LIST_ATTRS: &[&str] = &[
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-details",
    "aria-flowto",
    "aria-errormessage",
    "aria-activedescendant",
    "popovertarget",
];

/// Attributes that make a browser fetch something, dropped unless they hold a `data:` URI.
const FETCHING_ATTRS: &[&str] = &[
    "srcset",
    "poster",
    "background",
    "action",
    "formaction",
    "ping",
    "codebase",
    "manifest",
];

/// Elements a handout never holds.
const DROPPED_ELEMENTS: &[&str] = &["link", "base", "meta"];

/// Elements that show content from elsewhere; a handout links to it instead.
const EMBEDDED_ELEMENTS: &[&str] = &["iframe", "video", "audio", "object", "embed"];

fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme_len = url
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .unwrap_or(0);
    scheme_len > 0 && url[scheme_len..].starts_with(':') && url.as_bytes()[0].is_ascii_alphabetic()
}

/// Note `id`'s body with its ids prefixed, its links pointing into the handout, and nothing
/// left that would load from elsewhere.
fn rewrite(shared: &Shared<'_>, ids: &Ids<'_>, id: NoteId, body: &Body) -> Result<String> {
    let empty = HashMap::new();
    let map = ids.maps.get(&id).unwrap_or(&empty);
    let anchor = ids.global(id, None);
    let local = |value: &str| -> String {
        let decoded = unescape(value);
        map.get(decoded.as_ref())
            .map_or_else(|| decoded.into_owned(), Clone::clone)
    };
    // Where an `href` goes: `Some(new value)`, or `None` to make the link plain text.
    let link = |value: &str| -> Option<String> {
        let value = unescape(value);
        if let Some(n) = value.strip_prefix(TARGET) {
            if value == DROP {
                return None;
            }
            let (to, fragment) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| body.targets.get(n))
                .map_or((id, None), |(to, f)| (*to, f.as_deref()));
            return Some(format!("#{}", escape_href(ids.global(to, fragment))));
        }
        if let Some(fragment) = value.strip_prefix('#') {
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            let global = map.get(fragment.as_ref()).map_or(anchor, String::as_str);
            return Some(format!("#{}", escape_href(global)));
        }
        if is_external(&value) {
            return Some(escape(&value));
        }
        // A relative link in the note's raw HTML, which the link stage does not see.
        match shared.index.resolve(id, LinkKind::Markdown, &value) {
            Ok(Destination::Note(to, fragment)) if shared.included.contains(&to) => Some(format!(
                "#{}",
                escape_href(ids.global(to, fragment.as_deref()))
            )),
            Ok(Destination::Note(to, fragment)) => {
                let out = shared.outside(&shared.site.notes[to].url, fragment.as_deref());
                (out.href != DROP).then(|| escape_href(&out.href))
            }
            Ok(Destination::Asset(path)) => {
                let out = shared.outside(&path, None);
                (out.href != DROP).then(|| escape_href(&out.href))
            }
            _ => None,
        }
    };

    let mut out = String::with_capacity(body.html.len() + body.html.len() / 8);
    let mut open_dropped_links = 0usize;
    let mut skipping: Option<&str> = None;
    let tokens = tokenize(&body.html);
    for (i, token) in tokens.iter().enumerate() {
        if let Some(name) = skipping {
            if let Token::End(end, _) = token {
                if end.eq_ignore_ascii_case(name) {
                    skipping = None;
                }
            }
            continue;
        }
        let (tag, raw) = match token {
            Token::Text(t) | Token::Other(t) => {
                out.push_str(t);
                continue;
            }
            Token::End(name, raw) => {
                if name.eq_ignore_ascii_case("a") && open_dropped_links > 0 {
                    open_dropped_links -= 1;
                } else {
                    out.push_str(raw);
                }
                continue;
            }
            Token::Start(tag, raw) => (tag, raw),
        };
        let name = tag.name.to_ascii_lowercase();
        if name == "script" {
            if !tag.self_closing {
                skipping = Some("script");
            }
            continue;
        }
        if let Some(&embed) = EMBEDDED_ELEMENTS.iter().find(|e| **e == name) {
            // Players and frames would load from elsewhere: a link to what they show instead.
            let src = tag
                .attr("src")
                .or_else(|| tag.attr("data"))
                .map(unescape)
                .filter(|s| is_external(s));
            if let Some(src) = src {
                out.push_str(&format!(
                    "<a class=\"external\" href=\"{}\">[{embed}]</a>",
                    escape(&src)
                ));
            }
            if !tag.self_closing && embed != "embed" {
                skipping = Some(embed);
            }
            continue;
        }
        if DROPPED_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        if name == "img" {
            match tag.attr("src").map(unescape) {
                Some(src) if src.starts_with("data:") => {}
                Some(src) => {
                    match shared.index.resolve(id, LinkKind::Image, &src) {
                        Ok(Destination::Asset(path)) => {
                            let uri = data_uri(shared.site, &path)?;
                            let attrs = tag.attrs.iter().map(|a| {
                                if a.name.eq_ignore_ascii_case("src") {
                                    Cow::Owned(format!("src=\"{}\"", escape(&uri)))
                                } else {
                                    Cow::Borrowed(a.raw)
                                }
                            });
                            write_tag(&mut out, tag, attrs);
                            continue;
                        }
                        _ => {
                            // Not in the notes (on the web, or missing): its description instead.
                            let alt = tag
                                .attr("alt")
                                .map(|a| escape(&unescape(a)))
                                .filter(|a| !a.is_empty())
                                .unwrap_or_else(|| "image".into());
                            if is_external(&src) {
                                out.push_str(&format!(
                                    "<a class=\"external\" href=\"{}\">[{alt}]</a>",
                                    escape(&src)
                                ));
                            } else {
                                out.push_str(&format!("[{alt}]"));
                            }
                            continue;
                        }
                    }
                }
                None => {}
            }
        }
        // An external link whose text is its URL (`<https://...>`): print it once, not twice.
        let bare_url = name == "a"
            && tag
                .attr("class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "external"))
            && match (tag.attr("href"), tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(href), Some(Token::Text(text)), Some(Token::End(end, _))) => {
                    end.eq_ignore_ascii_case("a") && unescape(text).trim() == unescape(href).trim()
                }
                _ => false,
            };
        let mut changed = false;
        let mut attrs: Vec<Cow<'_, str>> = Vec::with_capacity(tag.attrs.len());
        let mut drop_element = false;
        for attr in &tag.attrs {
            let attr_name = attr.name.to_ascii_lowercase();
            let Some(value) = attr.value else {
                attrs.push(Cow::Borrowed(attr.raw));
                continue;
            };
            let new_value: Option<Option<String>> = if attr_name == "class" && bare_url {
                Some(Some(format!("{value} url")))
            } else if attr_name == "id" || (attr_name == "name" && name == "a") {
                Some(Some(escape(&local(value))))
            } else if attr_name == "href" || attr_name == "xlink:href" {
                match link(value) {
                    Some(v) => Some(Some(v)),
                    None if name == "a" => {
                        drop_element = true;
                        None
                    }
                    None => Some(None),
                }
            } else if ID_LIST_ATTRS.contains(&attr_name.as_str()) {
                let mapped: Vec<String> = unescape(value)
                    .split_whitespace()
                    .map(|t| map.get(t).cloned().unwrap_or_else(|| t.to_string()))
                    .collect();
                Some(Some(escape(&mapped.join(" "))))
            } else if attr_name.starts_with("on") && attr_name.len() > 2 {
                Some(None)
            } else if attr_name == "src"
                || (attr_name == "data" && name == "object")
                || FETCHING_ATTRS.contains(&attr_name.as_str())
            {
                if unescape(value).trim_start().starts_with("data:") {
                    None
                } else {
                    Some(None)
                }
            } else if value.contains("url(") {
                Some(css_urls(value, map))
            } else {
                None
            };
            match new_value {
                None => attrs.push(Cow::Borrowed(attr.raw)),
                Some(None) => changed = true,
                Some(Some(v)) => {
                    changed = true;
                    attrs.push(Cow::Owned(format!("{}=\"{v}\"", attr.name)));
                }
            }
        }
        if drop_element {
            if !tag.self_closing {
                open_dropped_links += 1;
            }
            continue;
        }
        if changed {
            write_tag(&mut out, tag, attrs.into_iter());
        } else {
            out.push_str(raw);
        }
    }
    Ok(out)
}

/// A `style` (or SVG paint) value with its `url(#id)`s pointing at the prefixed ids; `None`
/// when it loads something from elsewhere (`url(https://...)`), to drop it.
fn css_urls(value: &str, map: &HashMap<String, String>) -> Option<String> {
    let text = unescape(value);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(pos) = rest.find("url(") {
        out.push_str(&rest[..pos + 4]);
        rest = &rest[pos + 4..];
        let inner_end = rest.find(')').unwrap_or(rest.len());
        let inner = rest[..inner_end].trim().trim_matches(['"', '\'']);
        if let Some(id) = inner.strip_prefix('#') {
            out.push('#');
            out.push_str(map.get(id).map_or(id, String::as_str));
        } else if inner.starts_with("data:") {
            out.push_str(&rest[..inner_end]);
        } else {
            return None;
        }
        rest = &rest[inner_end..];
    }
    out.push_str(rest);
    Some(escape(&out))
}

fn write_tag<'a>(out: &mut String, tag: &StartTag<'_>, attrs: impl Iterator<Item = Cow<'a, str>>) {
    out.push('<');
    out.push_str(tag.name);
    for attr in attrs {
        out.push(' ');
        out.push_str(&attr);
    }
    out.push_str(if tag.self_closing { " />" } else { ">" });
}

// ---------------------------------------------------------------------------------------------
// Writing and printing.

/// What is at a handout's destination now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Nothing,
    /// A handout written before (for a PDF: any PDF file).
    Handout,
    /// Something else, replaced because `--force` said so.
    Forced,
}

/// Whether a handout may be written to `path`: never into the notes folder (where the next build
/// would read it, or where it could replace a note), never over a folder, and over an existing
/// file only when it is a handout written before (an HTML file whose head names [`GENERATOR`],
/// or a PDF), unless `force`.
pub fn check_destination(
    path: &Path,
    settings: &Settings,
    pdf: bool,
    force: bool,
) -> Result<Existing> {
    let shown = path.display();
    let refuse = |why: String, help: &str| -> Result<Existing> {
        Err(
            Diagnostic::error(format!("refusing to write the handout to {shown}: {why}"))
                .with_help(help.to_string())
                .into(),
        )
    };
    let target = absolute(path);
    if target.starts_with(absolute(&settings.notes_dir)) {
        return refuse(
            "it is inside the notes folder".into(),
            "write it outside your notes, e.g. --out handout.html in the site root",
        );
    }
    if path.is_dir() {
        return refuse(
            "it is a folder".into(),
            "name a file, e.g. --out handout.html",
        );
    }
    if !path.exists() {
        return Ok(Existing::Nothing);
    }
    let head = read_head(path, 8192).map_err(|e| Error::io("read", path, e))?;
    let ours = if pdf {
        head.starts_with(b"%PDF-")
    } else {
        let text = String::from_utf8_lossy(&head);
        text.contains(&format!("content=\"{GENERATOR}\""))
    };
    match (ours, force) {
        (true, _) => Ok(Existing::Handout),
        (false, true) => Ok(Existing::Forced),
        (false, false) => refuse(
            if pdf {
                "the file exists and is not a PDF".into()
            } else {
                "the file exists and is not a handout studysite wrote".into()
            },
            "choose another file name, or add --force to replace it",
        ),
    }
}

fn read_head(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The absolute, symlink-free form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        (_, Some(name)) => absolute(Path::new(".")).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failure leaves what was
/// there before.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    let mut file = tempfile::Builder::new()
        .prefix(".studysite-handout-")
        .tempfile_in(&parent)
        .map_err(|e| Error::io("write into", &parent, e))?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| Error::io("write", path, e))?;
    // Temporary files are private; a handout is for sharing, like the rest of the site.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = file
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    file.persist(path)
        .map(drop)
        .map_err(|e| Error::io("write", path, e.error))
}

/// The Chromium to print with: [`CHROMIUM_ENV`] when set (an error when it names nothing
/// runnable), otherwise the first of `chromium`, `chromium-browser`, `google-chrome` and
/// `google-chrome-stable` on `PATH`.
pub fn find_chromium() -> Result<PathBuf> {
    find_chromium_in(std::env::var_os(CHROMIUM_ENV), std::env::var_os("PATH"))
}

fn find_chromium_in(explicit: Option<OsString>, path: Option<OsString>) -> Result<PathBuf> {
    if let Some(value) = explicit.filter(|v| !v.is_empty()) {
        let candidate = PathBuf::from(&value);
        let is_name = candidate.components().count() == 1 && !candidate.is_absolute();
        let found = if is_name {
            search_path(&value, path.as_ref())
        } else {
            is_executable(&candidate).then(|| candidate.clone())
        };
        return found.ok_or_else(|| {
            let why = if is_name {
                "no such command on PATH"
            } else if candidate.exists() {
                "not an executable file"
            } else {
                "no such file"
            };
            Diagnostic::error(format!(
                "cannot print the PDF: {CHROMIUM_ENV} is set to '{}', {why}",
                candidate.display()
            ))
            .with_help(format!(
                "point {CHROMIUM_ENV} at Chromium's executable (e.g. /usr/bin/chromium), or unset it to use chromium from PATH"
            ))
            .into()
        });
    }
    CHROMIUM_NAMES
        .iter()
        .find_map(|name| search_path(name.as_ref(), path.as_ref()))
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "cannot print the PDF: no Chromium found (looked for {} on PATH)",
                CHROMIUM_NAMES.join(", ")
            ))
            .with_help(format!(
                "install Chromium (Debian/Ubuntu: apt-get install chromium) or set {CHROMIUM_ENV} to its executable; the HTML handout needs no browser"
            ))
            .into()
        })
}

fn search_path(name: &std::ffi::OsStr, path: Option<&OsString>) -> Option<PathBuf> {
    let path = path?;
    std::env::split_paths(path).find_map(|dir| {
        let candidate = dir.join(name);
        if is_executable(&candidate) {
            return Some(candidate);
        }
        let exe = candidate.with_extension("exe");
        (cfg!(windows) && is_executable(&exe)).then_some(exe)
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Characters a `file://` URL's path may not hold as they are.
const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", utf8_percent_encode(&path, URL_PATH))
}

/// Prints `html` to the PDF file `pdf` with headless Chromium, offline: the page goes to a
/// temporary file (Chromium reads it by its `file://` URL, with a throwaway profile), the PDF to a
/// temporary file beside `pdf`, which replaces `pdf` once Chromium succeeded. Returns the page
/// count when the PDF shows it.
pub fn print_pdf(html: &str, pdf: &Path, chromium: &Path) -> Result<Option<usize>> {
    let work = tempfile::Builder::new()
        .prefix("studysite-handout-")
        .tempdir()
        .map_err(|e| Error::io("create a temporary folder in", &std::env::temp_dir(), e))?;
    let page = work.path().join(FILE);
    std::fs::write(&page, html).map_err(|e| Error::io("write", &page, e))?;
    let log_path = work.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).map_err(|e| Error::io("write", &log_path, e))?;
    let parent = parent_of(pdf);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".studysite-pdf-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io("write into", &parent, e))?;
    let staged = absolute(&staging.path().join("handout.pdf"));

    let mut command = std::process::Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            // Nothing to resolve: a handout refers to nothing outside itself.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            // Page numbers come from the stylesheet's @page margin boxes instead of Chromium's
            // header and footer, which would show the temporary file's URL.
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", staged.display()))
        .arg(file_url(&absolute(&page)))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log);
    let failed = |why: String| -> Error {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log
            .lines()
            .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
            .collect();
        let tail = tail[tail.len().saturating_sub(5)..].join("\n");
        let mut d = Diagnostic::error(format!(
            "cannot print the PDF: {} {why}",
            chromium.display()
        ));
        d = d.with_help(if tail.is_empty() {
            format!("check that {} runs (try it with --version), or point {CHROMIUM_ENV} at another Chromium", chromium.display())
        } else {
            format!("Chromium said:\n{tail}")
        });
        d.into()
    };
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("could not be started: {e}")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > CHROMIUM_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "did not finish within {} seconds",
                    CHROMIUM_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("could not be waited for: {e}"))),
        }
    };
    let bytes = std::fs::read(&staged).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF-") {
        return Err(failed(if status.success() {
            "wrote no PDF".into()
        } else {
            format!("failed ({status})")
        }));
    }
    std::fs::rename(&staged, pdf).map_err(|e| Error::io("write", pdf, e))?;
    Ok(count_pages(&bytes))
}

/// Pages in a PDF as Chromium writes it (uncompressed page objects); `None` if none are seen.
fn count_pages(pdf: &[u8]) -> Option<usize> {
    let needle = b"/Type /Page";
    let count = pdf
        .windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count();
    (count > 0).then_some(count)
}

/// What `studysite handout` is asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    pub selection: Selection,
    /// Where to write the HTML handout, if anywhere.
    pub html: Option<PathBuf>,
    /// Where to write the PDF, if anywhere.
    pub pdf: Option<PathBuf>,
    /// Replace files that are not handouts.
    pub force: bool,
}

/// One file `make` wrote.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub existing: Existing,
    /// For a PDF, its page count when known.
    pub pages: Option<usize>,
}

/// What `make` did.
#[derive(Debug)]
pub struct Outcome {
    pub notes: usize,
    pub subtitle: Option<String>,
    pub html: Option<Written>,
    pub pdf: Option<Written>,
    /// Problems that did not stop it (broken links with `--allow-broken-links`).
    pub warnings: Vec<Diagnostic>,
}

/// `studysite handout`: loads the site, renders the handout of the selection and writes it as
/// HTML and/or PDF. Destinations and the browser are checked before any work is done, and
/// nothing is written unless everything succeeded (the PDF is printed before the HTML is saved).
pub fn make(options: &Options, request: &Request, progress: &dyn Progress) -> Result<Outcome> {
    let settings = Settings::load(options)?;
    if request.html.is_none() && request.pdf.is_none() {
        return Err(Diagnostic::error("nothing to write")
            .with_help("give --out FILE, --pdf FILE, or both")
            .into());
    }
    if let (Some(html), Some(pdf)) = (&request.html, &request.pdf) {
        if absolute(html) == absolute(pdf) {
            return Err(
                Diagnostic::error(format!("--out and --pdf both name {}", html.display()))
                    .with_help("give the HTML and the PDF different names")
                    .into(),
            );
        }
    }
    let html_existing = request
        .html
        .as_deref()
        .map(|p| check_destination(p, &settings, false, request.force))
        .transpose()?;
    let pdf_existing = request
        .pdf
        .as_deref()
        .map(|p| check_destination(p, &settings, true, request.force))
        .transpose()?;
    let chromium = request.pdf.as_ref().map(|_| find_chromium()).transpose()?;
    let templates = Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    let handout = render(&site, &templates, &request.selection)?;
    let mut pdf = None;
    if let (Some(path), Some(browser), Some(existing)) = (&request.pdf, &chromium, pdf_existing) {
        progress.stage("Printing", 1);
        let pages = print_pdf(&handout.html, path, browser)?;
        progress.advance(1);
        pdf = Some(Written {
            path: path.clone(),
            existing,
            pages,
        });
    }
    let mut html = None;
    if let (Some(path), Some(existing)) = (&request.html, html_existing) {
        write_file(path, handout.html.as_bytes())?;
        html = Some(Written {
            path: path.clone(),
            existing,
            pages: None,
        });
    }
    Ok(Outcome {
        notes: handout.notes.len(),
        subtitle: handout.subtitle,
        html,
        pdf,
        warnings: site.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite_ids(html: &str) -> Vec<String> {
        collect_ids(html)
    }

    #[test]
    fn tokenizer_keeps_everything_it_does_not_understand() {
        let html = "a < b <!-- <x id=\"no\"> --> <p id='one' class=x>t</p><br/><svg viewBox=\"0 0 1 1\"><text>x</text></svg> & <3";
        let rebuilt: String = tokenize(html)
            .iter()
            .map(|t| match t {
                Token::Text(s) | Token::Other(s) => *s,
                Token::Start(_, raw) | Token::End(_, raw) => raw,
            })
            .collect();
        assert_eq!(rebuilt, html);
        assert_eq!(rewrite_ids(html), ["one"]);
    }

    #[test]
    fn attributes_of_every_quoting_style() {
        let (tag, len) = parse_start("<a href=\"#x\" title='it''s' data-k=v hidden>").unwrap();
        assert_eq!(tag.name, "a");
        let attrs: Vec<_> = tag.attrs.iter().map(|a| (a.name, a.value)).collect();
        assert_eq!(
            attrs,
            [
                ("href", Some("#x")),
                ("title", Some("it")),
                ("'s'", None),
                ("data-k", Some("v")),
                ("hidden", None)
            ]
        );
        assert_eq!(len, 43);
        assert!(parse_start("<a href=\"never closed").is_none());
    }

    #[test]
    fn script_content_is_one_token() {
        let tokens = tokenize("<script>if (a < b) { x = '<p id=\"q\">'; }</script><p id=r>");
        assert!(matches!(tokens[1], Token::Other(s) if s.contains("<p id")));
        assert_eq!(
            collect_ids("<script>'<p id=\"q\">'</script><p id=r>"),
            ["r"]
        );
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            unescape("a&amp;b&#39;c&#x41;&lt;&unknown;"),
            "a&b'cA<&unknown;"
        );
    }

    #[test]
    fn anchors_and_unique_ids() {
        assert_eq!(note_anchor("serverless/lambda"), "serverless--lambda");
        assert_eq!(note_anchor("a b/c"), "a-b--c");
        let mut used = HashSet::from(["x".to_string()]);
        assert_eq!(unique(&mut used, "x".into()), "x-2");
        assert_eq!(unique(&mut used, "x".into()), "x-3");
        assert_eq!(unique(&mut used, "y".into()), "y");
    }

    #[test]
    fn css_urls_follow_ids_and_refuse_the_network() {
        let map = HashMap::from([("g".to_string(), "n--g".to_string())]);
        assert_eq!(
            css_urls("fill: url(#g)", &map).as_deref(),
            Some("fill: url(#n--g)")
        );
        assert_eq!(css_urls("background: url(https://x/y.png)", &map), None);
    }

    #[test]
    fn default_file_names() {
        assert_eq!(Selection::Course.file_name("html"), "handout.html");
        assert_eq!(
            Selection::Tag("AWS Lambda".into()).file_name("pdf"),
            "handout-aws-lambda.pdf"
        );
        assert_eq!(
            Selection::Section("serverless/extra/".into()).file_name("html"),
            "handout-serverless-extra.html"
        );
    }

    #[test]
    fn chromium_from_the_environment_must_exist() {
        let err = find_chromium_in(Some("/no/such/chromium".into()), None).unwrap_err();
        let Error::Invalid(d) = err else {
            panic!("{err:?}")
        };
        assert!(
            d[0].message
                .contains("STUDYSITE_CHROMIUM is set to '/no/such/chromium', no such file"),
            "{}",
            d[0].message
        );
        let err = find_chromium_in(None, Some(OsString::new())).unwrap_err();
        let Error::Invalid(d) = err else {
            panic!("{err:?}")
        };
        assert!(d[0]
            .help
            .as_deref()
            .unwrap()
            .contains("apt-get install chromium"));
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1.html")),
            "file:///tmp/a%20b/%231.html"
        );
    }

    #[test]
    fn pages_are_counted() {
        assert_eq!(
            count_pages(b"<</Type /Pages /Count 2>> <</Type /Page>> <</Type /Page\n>>"),
            Some(2)
        );
        assert_eq!(count_pages(b"nothing"), None);
    }
}
