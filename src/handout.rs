//! Handouts: the course, or a part of it, as one page to print or to save as a PDF.
//!
//! In: a loaded [`Site`], the templates, and a [`Selection`] (the whole course, the notes with a
//! tag, or the notes under a folder). Out: one self-contained HTML document: a title page, a
//! table of contents, then every selected note in course order. Its CSS is inlined,
//! the notes' images are `data:` URIs, it has no script, and it refers to nothing outside itself
//! but the external links written in the notes. Every id of a note is prefixed with the note's
//! anchor (`pricing` in `serverless/lambda.md` becomes `serverless--lambda--pricing`), so ids
//! never collide, and links between notes become in-page anchors. Links to what the handout
//! leaves out (a note outside a partial handout, a file) become plain text, or absolute links
//! when the site has a `base_url`.
//!
//! [`write`] hands the document over in pieces, so that it is never whole in memory (it is about
//! 20 KB a note), and returns a [`Handout`], what it holds. The notes are rendered twice, once to
//! learn their ids and once to be written, a batch at a time. Their HTML (and whatever raw HTML
//! they hold) is rewritten with lol_html, a streaming HTML rewriter, then goes through
//! [`sanitize`], the allowlist that keeps script and anything that loads out of the handout.
//!
//! [`make`] is the `studysite handout` command: it renders a handout, [`print_pdf`]s it through a
//! locally installed Chromium ([`find_chromium`]; stopped after [`chromium_timeout`], its
//! temporary files removed on every way out, Ctrl-C included) and writes the files, refusing to
//! replace anything it did not write ([`check_destination`]). The library never prints; the CLI
//! reports.

use crate::assets;
use crate::compare;
use crate::config::{Options, Settings};
use crate::error::{closest, Diagnostic, Error, Result};
use crate::highlight;
use crate::html::{decode_attribute, escape, escape_href};
use crate::interrupt::{self, Temporary};
use crate::links::{is_external, Destination, LinkIndex};
use crate::markdown::{self, slugify, LinkKind, LinkResolver, ResolvedLink};
use crate::paths::{refuse_output, resolve, Output};
use crate::render::Templates;
use crate::sanitize;
use crate::site::{Item, NoteId, Section, Site};
use crate::url::{self, Href};
use crate::Progress;
use base64::Engine as _;
use lol_html::errors::RewritingError;
use lol_html::html_content::{ContentType, Element, SourceLocation};
use lol_html::{doc_comments, element, HandlerResult, HtmlRewriter};
use percent_encoding::percent_decode_str;
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
/// How long Chromium may take to print, unless [`CHROMIUM_TIMEOUT_ENV`] says otherwise.
pub const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(180);
/// Overrides [`CHROMIUM_TIMEOUT`], in seconds.
pub const CHROMIUM_TIMEOUT_ENV: &str = "STUDYSITE_CHROMIUM_TIMEOUT";

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

/// What a written handout holds.
#[derive(Debug)]
pub struct Handout {
    /// The notes it holds, in course order.
    pub notes: Vec<NoteId>,
    /// What part of the course it is (`Notes tagged “lambda”`), `None` for the whole course.
    pub subtitle: Option<String>,
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
    /// Marks the insides of code blocks that lol_html skips (see [`Code`]).
    code_marker: Marker,
}

impl Shared<'_> {
    /// A link to something the handout leaves out: absolute when the site has a `base_url`,
    /// otherwise plain text.
    fn outside(&self, path: &str, fragment: Option<&str>) -> ResolvedLink {
        match &self.site.settings.site.base_url {
            Some(base) => ResolvedLink {
                href: match fragment {
                    Some(f) => Href::absolute(base, path).with_fragment(f),
                    None => Href::absolute(base, path),
                }
                .into_string(),
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

    /// Note `id`'s body, with `code` as its code blocks' HTML. Without `embed`, its images get
    /// an empty `data:` URI instead of their bytes: enough to learn its ids.
    fn render_body(&self, id: NoteId, code: &[String], embed: bool) -> Result<Body> {
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
                    href: if embed {
                        data_uri(site, &path)?
                    } else {
                        "data:,".into()
                    },
                    external: false,
                    note: None,
                },
                Destination::Asset(path) => self.outside(&path, None),
                // Plain text, as on the site; the site's build warned about it.
                Destination::Refused(_) => continue,
            };
            links.resolved.insert(key, resolved);
        }
        let comparisons = site.comparisons_in(id);
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
        let html = markdown::render(note.body(), &note.analysis, code, &links, &|i| match (
            comparisons.get(i),
            headers.get(i),
        ) {
            (Some(c), Some(hrefs)) => compare::table_html(c, hrefs, &|md| {
                markdown::render_inline(md, &links as &dyn LinkResolver)
            }),
            _ => String::new(),
        });
        Ok(Body { html, targets })
    }

    /// Note `id`'s ids (and `<a name>`s), in document order. Its code blocks are left empty:
    /// highlighted code holds no ids.
    fn ids(&self, id: NoteId) -> Result<Vec<String>> {
        let empty = highlight::empty_blocks(&self.site.notes[id].analysis.code_blocks);
        let body = self.render_body(id, &empty, false)?;
        for code in self.code(&empty, &body.html) {
            if let Some(ids) = collect_ids(&code).map_err(|e| self.html_error(id, e))? {
                return Ok(ids);
            }
        }
        unreachable!("lol_html reads the whole of a body")
    }

    /// A body as lol_html should read it: without the insides of its code blocks (`blocks`,
    /// their HTML), and if that fails, whole.
    fn code<'h>(&'h self, blocks: &[String], html: &'h str) -> [Code<'h>; 2] {
        [
            Code::cut(html, blocks, &self.code_marker),
            Code::whole(html),
        ]
    }

    /// A note's body, with `code` as its code blocks' HTML, ready for the handout.
    fn content(&self, ids: &Ids<'_>, id: NoteId, code: &[String]) -> Result<String> {
        let body = self.render_body(id, code, true)?;
        rewrite(self, ids, id, &body, code)
    }

    /// The error of a note whose HTML lol_html could not rewrite: mostly an image it could not
    /// read to embed.
    fn html_error(&self, id: NoteId, error: RewritingError) -> Error {
        match error {
            RewritingError::ContentHandlerError(e) => match e.downcast::<Error>() {
                Ok(e) => *e,
                Err(e) => html_diagnostic(&e.to_string(), &self.site.notes[id].display),
            },
            e => html_diagnostic(&e.to_string(), &self.site.notes[id].display),
        }
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

/// The whole course's handout, handed to `sink` piece by piece, in order; see [`write()`] for
/// `code`.
pub fn write_course(
    site: &Site,
    templates: &Templates,
    sink: &mut Sink<'_>,
    code: &CodeSource<'_>,
) -> Result<()> {
    write(site, templates, &Selection::Course, sink, code).map(drop)
}

/// Gives a note's code blocks as HTML ([`highlight::blocks`]), asked once per note of the
/// handout, in course order, from several threads. A build renders the note's page there too,
/// so that its code is highlighted once and not kept past that.
pub type CodeSource<'a> = dyn Fn(NoteId) -> Result<Vec<String>> + Sync + 'a;

/// How many notes are rewritten (in parallel) before they go to the sink: at most this many
/// notes' content (about 20 KB each) is in memory at once. Each batch ends with the threads
/// waiting for the slowest and then for the sink, so fewer, bigger batches keep them busier.
const BATCH: usize = 256;

/// Writes the handout of `selection` to `sink`, piece by piece, in order.
///
/// The notes are rendered twice, so that the handout is never whole in memory. The first pass
/// only learns each note's ids, which every id of the handout depends on: a note's ids are
/// prefixed with its anchor, and must take no id of the template or of an earlier note. The
/// template is then rendered once, with every note's title, tags and so on, but a marker in place
/// of each note's content; the second pass renders the notes again, a batch at a time, and hands
/// each over in place of its marker.
pub fn write(
    site: &Site,
    templates: &Templates,
    selection: &Selection,
    sink: &mut Sink<'_>,
    code: &CodeSource<'_>,
) -> Result<Handout> {
    let (notes, subtitle) = select(site, selection)?;
    let shared = Shared {
        site,
        index: LinkIndex::new(&site.notes, site.assets.iter().map(|a| a.rel.as_str())),
        included: notes.iter().copied().collect(),
        code_marker: Marker::new("studysite-handout-code"),
    };
    let local_ids = notes
        .par_iter()
        .map(|&id| shared.ids(id))
        .collect::<Result<Vec<Vec<String>>>>()?;

    // Ids: the template's own first, then each note's anchor and its ids, prefixed.
    let page = Page {
        site,
        templates,
        subtitle: subtitle.as_deref(),
        date: crate::scaffold::today(),
        css: stylesheet(site)?,
    };
    let skeleton = page.render("", &[])?;
    let mut used: HashSet<String> = collect_ids(&Code::whole(&skeleton))
        .map_err(|e| {
            Diagnostic::error(format!("cannot read the ids of the handout template: {e}"))
        })?
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut anchors: HashMap<NoteId, String> = HashMap::new();
    let mut maps: HashMap<NoteId, HashMap<String, String>> = HashMap::new();
    for (&id, local_ids) in notes.iter().zip(local_ids) {
        let anchor = unique(&mut used, note_anchor(&site.notes[id].slug));
        let mut map = HashMap::new();
        for local in local_ids {
            if let std::collections::hash_map::Entry::Vacant(entry) = map.entry(local) {
                let global = unique(&mut used, format!("{anchor}--{}", entry.key()));
                entry.insert(global);
            }
        }
        anchors.insert(id, anchor);
        maps.insert(id, map);
    }
    drop(used);
    let ids = Ids {
        anchors: &anchors,
        maps: &maps,
    };

    let marker = Marker::new("studysite-handout-note");
    let base_url = site.settings.site.base_url.as_deref();
    let note_ctx: Vec<NoteCtx> = notes
        .iter()
        .enumerate()
        .map(|(i, &id)| {
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
                content: marker.of(i),
            }
        })
        .collect();
    let toc = toc_html(site, &shared.included, &anchors);
    let document = page.render(&toc, &note_ctx)?;
    drop((note_ctx, toc));

    // Each batch is handed to the sink while the next one is rendered: writing is no work for
    // the other thread to wait on.
    let pieces = marker.split(&document, notes.len());
    let mut rendered: Option<(&[Piece<'_>], Vec<Option<String>>)> = None;
    for batch in pieces.chunks(2 * BATCH) {
        let (written, contents) = rayon::join(
            || match rendered.take() {
                Some((pieces, contents)) => hand_over(pieces, &contents, sink),
                None => Ok(()),
            },
            || {
                batch
                    .par_iter()
                    .map(|piece| match *piece {
                        Piece::Note(i) => {
                            let id = notes[i];
                            shared.content(&ids, id, &code(id)?).map(Some)
                        }
                        Piece::Text(_) => Ok(None),
                    })
                    .collect::<Result<Vec<Option<String>>>>()
            },
        );
        written?;
        rendered = Some((batch, contents?));
    }
    if let Some((pieces, contents)) = rendered {
        hand_over(pieces, &contents, sink)?;
    }
    Ok(Handout { notes, subtitle })
}

/// The sink for what [`write()`] hands it: text or a note's rendered content, in order.
pub type Sink<'a> = dyn FnMut(&str) -> Result<()> + Send + 'a;

/// Hands a batch of pieces to the sink: the template's text as it is, each note's content.
fn hand_over(pieces: &[Piece<'_>], contents: &[Option<String>], sink: &mut Sink<'_>) -> Result<()> {
    for (piece, content) in pieces.iter().zip(contents) {
        match (piece, content) {
            (Piece::Text(text), _) => sink(text)?,
            (Piece::Note(_), Some(content)) => sink(content)?,
            (Piece::Note(_), None) => {}
        }
    }
    Ok(())
}

/// The handout template, and what each rendering of it shares.
struct Page<'a> {
    site: &'a Site,
    templates: &'a Templates,
    subtitle: Option<&'a str>,
    date: String,
    css: String,
}

impl Page<'_> {
    fn render(&self, toc: &str, notes: &[NoteCtx]) -> Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site.settings.site);
        ctx.insert("subtitle", &self.subtitle);
        ctx.insert("date", &self.date);
        ctx.insert("generator", GENERATOR);
        ctx.insert("css", &self.css);
        ctx.insert("toc", toc);
        ctx.insert("notes", notes);
        self.templates
            .render(TEMPLATE, &ctx, &self.site.settings.root)
    }
}

/// Stands in for a note's content when the template is rendered: `<!--studysite-handout-note
/// 5f0e9a1c2b3d4e6f 12-->` for the 13th note (and for the inside of a code block, see [`Code`]).
/// The random key keeps what a template or a note writes from being taken for a marker.
struct Marker {
    prefix: String,
}

/// A piece of the handout: the rendered template's text, or a note's content.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Note(usize),
}

impl Marker {
    /// Markers `<!--{name} {random key} {i}-->`.
    fn new(name: &str) -> Marker {
        use std::hash::BuildHasher;
        let key = std::collections::hash_map::RandomState::new().hash_one(FILE);
        Marker {
            prefix: format!("<!--{name} {key:016x} "),
        }
    }

    /// The marker of the `i`th note (or code block).
    fn of(&self, i: usize) -> String {
        format!("{}{i}-->", self.prefix)
    }

    /// Which marker a comment's text (without `<!--` and `-->`) is.
    fn index(&self, comment: &str) -> Option<usize> {
        comment
            .strip_prefix(&self.prefix["<!--".len()..])?
            .parse()
            .ok()
    }

    /// The rendered template, cut at the markers of its `notes` notes.
    fn split<'d>(&self, document: &'d str, notes: usize) -> Vec<Piece<'d>> {
        let mut pieces = Vec::with_capacity(2 * notes + 1);
        let mut rest = document;
        let mut text = 0;
        while let Some(pos) = rest[text..].find(&self.prefix).map(|p| text + p) {
            let after = &rest[pos + self.prefix.len()..];
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            match after[..digits].parse::<usize>() {
                Ok(i) if i < notes && after[digits..].starts_with("-->") => {
                    pieces.push(Piece::Text(&rest[..pos]));
                    pieces.push(Piece::Note(i));
                    rest = &after[digits + 3..];
                    text = 0;
                }
                _ => text = pos + self.prefix.len(),
            }
        }
        pieces.push(Piece::Text(rest));
        pieces
    }
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
        "<a href=\"{}\">{}</a>",
        escape(Href::fragment(anchor).as_str()),
        escape(title)
    ));
    if wrapper == "li" {
        html.push_str("</li>");
    }
}

// ---------------------------------------------------------------------------------------------
// The id pass: lol_html over the HTML the render pass wrote (and whatever raw HTML the notes
// hold), rewriting ids, the links to them, and the images; then the sanitizer, which leaves only
// what its allowlist names (src/sanitize.rs).

/// HTML as lol_html and the sanitizer read it: a note's body with the inside of each highlighted
/// code block (their highlighted HTML: text in `<span class>`es that studysite wrote, nothing to
/// rewrite or sanitize, and most of a typical body) left out, a marker comment in its place,
/// which [`Code::restore`] puts back in the end. When not every marker comes through as a comment
/// (a code block after an unclosed `<textarea>`, say), the body is read again, whole.
struct Code<'h> {
    /// What lol_html reads.
    html: Cow<'h, str>,
    /// The insides left out, in order.
    insides: Vec<&'h str>,
    marker: Option<&'h Marker>,
}

impl<'h> Code<'h> {
    fn whole(html: &'h str) -> Code<'h> {
        Code {
            html: Cow::Borrowed(html),
            insides: Vec::new(),
            marker: None,
        }
    }

    fn cut(html: &'h str, blocks: &[String], marker: &'h Marker) -> Code<'h> {
        let mut cut = String::new();
        let mut insides = Vec::new();
        let mut from = 0;
        for block in blocks {
            let (Some(start), Some(end)) = (
                block.find("<code>").map(|p| p + "<code>".len()),
                block.rfind("</code>"),
            ) else {
                continue;
            };
            if end <= start {
                continue;
            }
            // Found by its opening tags, then compared whole: quicker than searching for it whole.
            let Some(at) = html[from..]
                .match_indices(&block[..start])
                .map(|(p, _)| from + p)
                .find(|&at| html[at..].starts_with(block.as_str()))
            else {
                break;
            };
            cut.push_str(&html[from..at + start]);
            cut.push_str(&marker.of(insides.len()));
            insides.push(&html[at + start..at + end]);
            from = at + end;
        }
        if insides.is_empty() {
            return Code::whole(html);
        }
        cut.push_str(&html[from..]);
        Code {
            html: Cow::Owned(cut),
            insides,
            marker: Some(marker),
        }
    }

    /// Runs lol_html over the HTML with `handler` for the elements `selector` matches, handing
    /// the output to `output`, markers left in and every other comment dropped; `false` if not
    /// every marker was read as a comment.
    fn run(
        &self,
        selector: &str,
        handler: impl FnMut(&mut Element<'_, '_>) -> HandlerResult,
        output: impl FnMut(&[u8]),
    ) -> std::result::Result<bool, RewritingError> {
        let mut seen = 0;
        // Not strict: where lol_html cannot be sure how a browser reads some markup (a
        // `<script>` inside a `<select>`), it guesses; the sanitizer reads it again anyway.
        let settings = lol_html::Settings::new()
            .append_element_content_handler(element!(selector, handler))
            .with_strict(false)
            .append_document_content_handler(doc_comments!(|c| {
                match self.marker.and_then(|m| m.index(&c.text())) {
                    Some(i) if i < self.insides.len() => seen += 1,
                    _ => c.remove(),
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, output);
        rewriter.write(self.html.as_bytes())?;
        rewriter.end()?;
        Ok(seen == self.insides.len())
    }

    /// `html` (what became of [`Code::run`]'s output) with the code blocks' insides back in
    /// place of their markers; `None` unless each marker is there once, as a comment.
    fn restore(&self, html: &str) -> Option<String> {
        let Some(marker) = self.marker else {
            return Some(html.to_string());
        };
        let mut out =
            String::with_capacity(html.len() + self.insides.iter().map(|i| i.len()).sum::<usize>());
        let mut restored = vec![false; self.insides.len()];
        let mut rest = html;
        while let Some(pos) = rest.find(&marker.prefix) {
            let after = &rest[pos + marker.prefix.len()..];
            let digits = after.find(|c: char| !c.is_ascii_digit())?;
            let i: usize = after[..digits].parse().ok()?;
            if !after[digits..].starts_with("-->") || std::mem::replace(restored.get_mut(i)?, true)
            {
                return None;
            }
            out.push_str(&rest[..pos]);
            out.push_str(self.insides[i]);
            rest = &after[digits + 3..];
        }
        out.push_str(rest);
        restored.iter().all(|&r| r).then_some(out)
    }
}

/// The ids (and `<a name>`s) of an HTML fragment, in order; `None` if `code` must be read whole.
fn collect_ids(code: &Code<'_>) -> std::result::Result<Option<Vec<String>>, RewritingError> {
    let mut ids = Vec::new();
    let handler = |el: &mut Element<'_, '_>| {
        let is_a = el.tag_name() == "a";
        for attr in el.attributes() {
            let name = attr.name();
            if name == "id" || (is_a && name == "name") {
                let value = attr.value();
                if !value.is_empty() {
                    ids.push(decode_attribute(&value).into_owned());
                }
            }
        }
        Ok(())
    };
    let complete = code.run("[id], a[name]", handler, |_| {})?;
    Ok(complete.then_some(ids))
}

/// The error for HTML lol_html could not take.
fn html_diagnostic(message: &str, file: &Path) -> Error {
    let message = message.split("\n\n").next().unwrap_or(message);
    Diagnostic::error(format!(
        "cannot rewrite this note's HTML for the handout: {message}"
    ))
    .in_file(file)
    .with_help("check the raw HTML in the note")
    .into()
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

/// Elements that show content from elsewhere; a handout links to it instead.
const EMBEDDED_ELEMENTS: &[&str] = &["iframe", "video", "audio", "object", "embed"];

/// Whether the start tag that ends at `end` of `html` holds just text and then `</a>`: the
/// text an external link shows, when it is its URL.
fn text_before_end_of_a(html: &str, end: usize) -> Option<&str> {
    let rest = html.get(end..)?;
    let text_end = rest.find('<')?;
    let name = rest[text_end..].strip_prefix("</")?;
    let name_end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    (text_end > 0 && name[..name_end].eq_ignore_ascii_case("a")).then(|| &rest[..text_end])
}

/// Note `id`'s body with its ids prefixed, its links pointing into the handout, its images
/// embedded, and then [`sanitize`]d: nothing left that would run or load from elsewhere.
fn rewrite(
    shared: &Shared<'_>,
    ids: &Ids<'_>,
    id: NoteId,
    body: &Body,
    blocks: &[String],
) -> Result<String> {
    let empty = HashMap::new();
    let map = ids.maps.get(&id).unwrap_or(&empty);
    let anchor = ids.global(id, None);
    let local = |value: &str| -> String {
        let decoded = decode_attribute(value);
        map.get(decoded.as_ref())
            .map_or_else(|| decoded.into_owned(), Clone::clone)
    };
    // Where an `href` goes: `Some(new value)`, or `None` to make the link plain text.
    let link = |value: &str| -> Option<String> {
        let value = decode_attribute(value);
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

    for code in shared.code(blocks, &body.html) {
        let html: &str = &code.html;
        let mut out = Vec::with_capacity(body.html.len() + body.html.len() / 8);
        let handler = |el: &mut Element<'_, '_>| -> HandlerResult {
            let name = el.tag_name();
            if let Some(&embed) = EMBEDDED_ELEMENTS.iter().find(|e| **e == name) {
                // Players and frames would load from elsewhere: a link to what they show instead.
                let src = el
                    .get_attribute("src")
                    .or_else(|| el.get_attribute("data"))
                    .map(|s| decode_attribute(&s).into_owned())
                    .filter(|s| sanitize::is_web_url(s));
                match src {
                    Some(src) => el.replace(
                        &format!(
                            "<a class=\"external\" href=\"{}\">[{embed}]</a>",
                            escape(&src)
                        ),
                        ContentType::Html,
                    ),
                    None => el.remove(),
                }
                return Ok(());
            }
            // An image in the notes becomes a `data:` URI.
            let mut embedded = None;
            if name == "img" {
                if let Some(src) = el
                    .get_attribute("src")
                    .map(|s| decode_attribute(&s).into_owned())
                {
                    if !src.starts_with("data:") {
                        match shared.index.resolve(id, LinkKind::Image, &src) {
                            Ok(Destination::Asset(path)) => {
                                embedded = Some(escape(&data_uri(shared.site, &path)?));
                            }
                            _ => {
                                // Not in the notes (on the web, or missing): its description instead.
                                let alt = el
                                    .get_attribute("alt")
                                    .map(|a| escape(&decode_attribute(&a)))
                                    .filter(|a| !a.is_empty())
                                    .unwrap_or_else(|| "image".into());
                                let replacement = if sanitize::is_web_url(&src) {
                                    format!(
                                        "<a class=\"external\" href=\"{}\">[{alt}]</a>",
                                        escape(&src)
                                    )
                                } else {
                                    format!("[{alt}]")
                                };
                                el.replace(&replacement, ContentType::Html);
                                return Ok(());
                            }
                        }
                    }
                }
            }
            // An external link whose text is its URL (`<https://...>`): print it once, not twice.
            let bare_url = name == "a"
                && el
                    .get_attribute("class")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == "external"))
                && el.get_attribute("href").is_some_and(|href| {
                    text_before_end_of_a(html, el.source_location().bytes().end).is_some_and(
                        |text| decode_attribute(text).trim() == decode_attribute(&href).trim(),
                    )
                });
            // Attributes are read where they are written in `html` (lol_html has their positions),
            // rather than copied out one by one: most elements keep them all.
            let mut changes: Vec<(String, Option<String>)> = Vec::new();
            for attr in el.attributes() {
                let written = |at: Option<SourceLocation>| at.and_then(|at| html.get(at.bytes()));
                let attr_name = match written(attr.name_source_location()) {
                    Some(n) => Cow::Borrowed(n),
                    None => Cow::Owned(attr.name()),
                };
                let value = match (
                    attr.value_source_location(),
                    written(attr.value_source_location()),
                ) {
                    (None, _) => Cow::Borrowed(""),
                    (Some(_), Some(v)) => Cow::Borrowed(v),
                    (Some(_), None) => Cow::Owned(attr.value()),
                };
                let is = |n: &str| attr_name.eq_ignore_ascii_case(n);
                // `Some(new value)` to replace the value, `Some(None)` to drop the attribute.
                let new_value: Option<Option<String>> = if is("class") && bare_url {
                    Some(Some(format!("{value} url")))
                } else if is("id") || (is("name") && name == "a") {
                    Some(Some(escape(&local(&value))))
                } else if is("src") && embedded.is_some() {
                    Some(embedded.take())
                } else if is("href") || is("xlink:href") {
                    match link(&value) {
                        Some(v) => Some(Some(v)),
                        None if name == "a" => {
                            el.remove_and_keep_content();
                            return Ok(());
                        }
                        None => Some(None),
                    }
                } else if ["marker-start", "marker-mid", "marker-end"]
                    .iter()
                    .any(|n| is(n))
                {
                    // A Mermaid arrowhead, `url(#id)`: the marker's id was prefixed above.
                    let value = decode_attribute(&value);
                    let target = value
                        .trim()
                        .strip_prefix("url(#")
                        .and_then(|v| v.strip_suffix(')'));
                    target
                        .and_then(|t| map.get(t))
                        .map(|to| Some(escape(&format!("url(#{to})"))))
                } else if ID_LIST_ATTRS.iter().any(|n| is(n)) {
                    let mapped: Vec<String> = decode_attribute(&value)
                        .split_whitespace()
                        .map(|t| map.get(t).cloned().unwrap_or_else(|| t.to_string()))
                        .collect();
                    Some(Some(escape(&mapped.join(" "))))
                } else {
                    None
                };
                if let Some(new_value) = new_value {
                    changes.push((attr_name.into_owned(), new_value));
                }
            }
            for (attr_name, new_value) in changes {
                match new_value {
                    None => el.remove_attribute(&attr_name),
                    Some(v) => el.set_attribute(&attr_name, &v)?,
                }
            }
            Ok(())
        };
        let complete = code
            .run("*", handler, |chunk| out.extend_from_slice(chunk))
            .map_err(|e| shared.html_error(id, e))?;
        if !complete {
            continue;
        }
        // UTF-8 in, UTF-8 out.
        let rewritten = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if let Some(content) = code.restore(&sanitize::clean(&rewritten, sanitize::Policy::Handout))
        {
            return Ok(content);
        }
    }
    unreachable!("a body read whole needs nothing restored")
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

/// Whether a handout may be written to `path`, and where that is ([`resolve`]d: symlinks and
/// `..` followed, also through folders still to be made): never into the notes folder (where
/// the next build would read it, or where it could replace a note, see [`refuse_output`]),
/// never over a folder, and over an existing file only when it is a handout written before (an
/// HTML file whose head names [`GENERATOR`], or a PDF), unless `force`.
pub fn check_destination(
    path: &Path,
    settings: &Settings,
    pdf: bool,
    force: bool,
) -> Result<(PathBuf, Existing)> {
    let shown = path.display();
    let refuse = |why: String, help: &str| -> Result<(PathBuf, Existing)> {
        Err(
            Diagnostic::error(format!("refusing to write the handout to {shown}: {why}"))
                .with_help(help.to_string())
                .into(),
        )
    };
    let resolved = |p: &Path| resolve(p).map_err(|e| Error::io("find the folder of", p, e));
    let target = resolved(path)?;
    let (root, notes) = (resolved(&settings.root)?, resolved(&settings.notes_dir)?);
    if let Some((why, help)) = refuse_output(&target, Output::File, &root, &notes, &[]) {
        return refuse(why, help);
    }
    if target.is_dir() {
        return refuse(
            "it is a folder".into(),
            "name a file, e.g. --out handout.html",
        );
    }
    if !target.exists() {
        return Ok((target, Existing::Nothing));
    }
    let head = read_head(&target, 8192).map_err(|e| Error::io("read", path, e))?;
    let ours = if pdf {
        head.starts_with(b"%PDF-")
    } else {
        let text = String::from_utf8_lossy(&head);
        text.contains(&format!("content=\"{GENERATOR}\""))
    };
    match (ours, force) {
        (true, _) => Ok((target, Existing::Handout)),
        (false, true) => Ok((target, Existing::Forced)),
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

/// [`check_destination`] once more, right before writing: the file must still be allowed,
/// and the path must still lead where it did when the work began.
fn check_again(
    path: &Path,
    checked: &Path,
    settings: &Settings,
    pdf: bool,
    force: bool,
) -> Result<()> {
    let (now, _) = check_destination(path, settings, pdf, force)?;
    if now != checked {
        return Err(Diagnostic::error(format!(
            "refusing to write the handout to {}: it led to {} when the work began and leads to {} now",
            path.display(),
            checked.display(),
            now.display()
        ))
        .with_help("run it again, and keep the folders on the way as they are while it runs")
        .into());
    }
    Ok(())
}

fn read_head(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The absolute, symlink-free form of a path that may not exist yet ([`resolve`]); the path as
/// it is when the current folder cannot be read.
fn absolute(path: &Path) -> PathBuf {
    resolve(path).unwrap_or_else(|_| path.to_path_buf())
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary file beside `path`, to write a handout into and then [`persist`] as `path`, so
/// that a failure leaves what was there before. Named `*.html`, for Chromium to print it.
fn staged_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let parent = parent_of(path);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    tempfile::Builder::new()
        .prefix(".studysite-handout-")
        .suffix(".html")
        .tempfile_in(&parent)
        .map_err(|e| Error::io("write into", &parent, e))
}

/// Moves a [`staged_beside`] file to `path`.
fn persist(file: tempfile::NamedTempFile, path: &Path) -> Result<()> {
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

fn file_url(path: &Path) -> String {
    let path = path.to_string_lossy().replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", url::encode_path(&path))
}

/// Prints `html` to the PDF file `pdf` with headless Chromium, offline: the page goes to a
/// temporary file (Chromium reads it by its `file://` URL, with a throwaway profile), the PDF to a
/// temporary file beside `pdf`, which replaces `pdf` once Chromium succeeded. Returns the page
/// count when the PDF shows it.
///
/// Chromium gets `timeout` to finish; then it is killed, with every process it started. Its
/// temporary files go on every way out: success, failure, timeout, and Ctrl-C (they are
/// registered with [`interrupt`]).
pub fn print_pdf(
    page: &Path,
    pdf: &Path,
    chromium: &Path,
    timeout: Duration,
) -> Result<Option<usize>> {
    let work = Temporary::new(
        tempfile::Builder::new()
            .prefix("studysite-handout-")
            .tempdir()
            .map_err(|e| Error::io("create a temporary folder in", &std::env::temp_dir(), e))?,
    );
    let log_path = work.path().join("chromium.log");
    let log = std::fs::File::create(&log_path).map_err(|e| Error::io("write", &log_path, e))?;
    let parent = parent_of(pdf);
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    let staging = Temporary::new(
        tempfile::Builder::new()
            .prefix(".studysite-pdf-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io("write into", &parent, e))?,
    );
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
        .arg(file_url(&absolute(page)))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(log);
    let failed = |why: String, help: String| -> Error {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log
            .lines()
            .filter(|l| !l.contains("dbus") && !l.trim().is_empty())
            .collect();
        let tail = tail[tail.len().saturating_sub(5)..].join("\n");
        Diagnostic::error(format!(
            "cannot print the PDF: {} {why}",
            chromium.display()
        ))
        .with_help(if tail.is_empty() {
            help
        } else {
            format!("Chromium said:\n{tail}")
        })
        .into()
    };
    let check = || {
        format!(
            "check that {} runs (try it with --version), or point {CHROMIUM_ENV} at another Chromium",
            chromium.display()
        )
    };
    let mut child = interrupt::spawn_group(&mut command)
        .map_err(|e| failed(format!("could not be started: {e}"), check()))?;
    let running = interrupt::kill_on_interrupt(&child);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                interrupt::kill_group(&mut child);
                return Err(failed(
                    format!(
                        "did not finish within {}, and was stopped",
                        seconds(timeout)
                    ),
                    format!(
                        "a long handout may need longer: set {CHROMIUM_TIMEOUT_ENV} to more seconds (it is {}); or {}",
                        timeout.as_secs_f64(),
                        check()
                    ),
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                interrupt::kill_group(&mut child);
                return Err(failed(format!("could not be waited for: {e}"), check()));
            }
        }
    };
    drop(running);
    let bytes = std::fs::read(&staged).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF-") {
        let why = if status.success() {
            "wrote no PDF".into()
        } else {
            format!("failed ({status})")
        };
        return Err(failed(why, check()));
    }
    std::fs::rename(&staged, pdf).map_err(|e| Error::io("write", pdf, e))?;
    Ok(count_pages(&bytes))
}

/// `1 second`, `2.5 seconds`.
fn seconds(duration: Duration) -> String {
    match duration.as_secs_f64() {
        1.0 => "1 second".into(),
        n => format!("{n} seconds"),
    }
}

/// How long Chromium may take to print: [`CHROMIUM_TIMEOUT_ENV`] seconds when set, otherwise
/// [`CHROMIUM_TIMEOUT`].
pub fn chromium_timeout() -> Result<Duration> {
    chromium_timeout_from(std::env::var_os(CHROMIUM_TIMEOUT_ENV))
}

fn chromium_timeout_from(value: Option<OsString>) -> Result<Duration> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(CHROMIUM_TIMEOUT);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "cannot print the PDF: {CHROMIUM_TIMEOUT_ENV} is set to '{text}', not a number of seconds"
            ))
            .with_help(format!(
                "set it to how long Chromium may take to print, e.g. {CHROMIUM_TIMEOUT_ENV}=600, or unset it for {} seconds",
                CHROMIUM_TIMEOUT.as_secs()
            ))
            .into()
        })
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
    let html_to = request
        .html
        .as_deref()
        .map(|p| check_destination(p, &settings, false, request.force))
        .transpose()?;
    let pdf_to = request
        .pdf
        .as_deref()
        .map(|p| check_destination(p, &settings, true, request.force))
        .transpose()?;
    let chromium = request
        .pdf
        .as_ref()
        .map(|_| Ok::<_, Error>((find_chromium()?, chromium_timeout()?)))
        .transpose()?;
    let templates = Templates::load(&settings.root)?;
    let site = Site::load(settings, progress)?;
    // The HTML goes to a temporary file: beside --out, to replace it once everything succeeded,
    // or, for a PDF alone, in the temporary folder.
    let mut page = Temporary::new(match &html_to {
        Some((path, _)) => staged_beside(path)?,
        None => tempfile::Builder::new()
            .prefix("studysite-handout-")
            .suffix(".html")
            .tempfile()
            .map_err(|e| Error::io("write into", &std::env::temp_dir(), e))?,
    });
    let shown = request.html.clone().unwrap_or_else(|| page.path().into());
    let handout = {
        use std::io::Write as _;
        let failed = |e| Error::io("write", &shown, e);
        let mut out = std::io::BufWriter::new(page.as_file_mut());
        let code = |id: NoteId| Ok(highlight::blocks(&site.notes[id].analysis.code_blocks));
        let handout = write(
            &site,
            &templates,
            &request.selection,
            &mut |piece| out.write_all(piece.as_bytes()).map_err(failed),
            &code,
        )?;
        out.flush().map_err(failed)?;
        handout
    };
    let mut pdf = None;
    if let (Some(path), Some((browser, timeout)), Some((to, existing))) =
        (&request.pdf, &chromium, pdf_to)
    {
        progress.stage("Printing", 1);
        check_again(path, &to, &site.settings, true, request.force)?;
        let pages = print_pdf(page.path(), &to, browser, *timeout)?;
        progress.advance(1);
        pdf = Some(Written {
            path: path.clone(),
            existing,
            pages,
        });
    }
    let mut html = None;
    if let (Some(path), Some((to, existing))) = (&request.html, html_to) {
        check_again(path, &to, &site.settings, false, request.force)?;
        let (page, registered) = page.into_parts();
        persist(page, &to)?;
        drop(registered);
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

    #[test]
    fn ids_are_read_as_a_browser_reads_them() {
        let html = "a < b <!-- <x id=\"no\"> --> <p ID='one' class=x>t</p><br/><svg viewBox=\"0 0 1 1\"><text id=two>x</text></svg> & <3 \
                    <script>if (a < b) { x = '<p id=\"q\">'; }</script><style>p[id=r] {}</style>\
                    <A Name=\"th&amp;ree\" href='#x'>x</A><textarea><b id=no></textarea><p id=\"\">";
        assert_eq!(ids(html), ["one", "two", "th&ree"]);
    }

    fn ids(html: &str) -> Vec<String> {
        collect_ids(&Code::whole(html)).unwrap().unwrap()
    }

    #[test]
    fn code_insides_are_left_out_and_put_back() {
        let block = highlight::code_block("fn main() { let x = \"<p id=q>\"; }\n", "rust");
        assert!(block.contains("<span") && block.contains("&lt;p id=q&gt;"));
        assert!(ids(&block).is_empty());
        let marker = Marker::new("code");
        let blocks = vec![block.clone(), String::new(), block.clone()];
        let html = format!("<h2 id=a>A</h2>{block}<!-- a note's own --><p id=b>{block}</p>");
        let code = Code::cut(&html, &blocks, &marker);
        assert_eq!(code.insides.len(), 2);
        assert!(!code.html.contains("<span"), "{}", code.html);
        let mut out = Vec::new();
        let complete = code
            .run("*", |_| Ok(()), |c| out.extend_from_slice(c))
            .unwrap();
        assert!(complete);
        // The markers stay for the sanitizer to pass on; the note's own comment goes.
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, code.html.replace("<!-- a note's own -->", ""));
        assert_eq!(
            code.restore(&out).unwrap(),
            html.replace("<!-- a note's own -->", "")
        );
        assert_eq!(collect_ids(&code).unwrap().unwrap(), ["a", "b"]);
        // Each marker must come back once.
        let first = marker.of(0);
        assert_eq!(code.restore(&out.replacen(&first, "", 1)), None);
        assert_eq!(code.restore(&format!("{out}{first}")), None);
        assert_eq!(
            code.restore(&out.replacen(&first, &format!("{}0 -->", marker.prefix), 1)),
            None
        );

        // Inside a textarea, a marker is text: the body must be read whole.
        let html = format!("<textarea>{block}");
        let code = Code::cut(&html, &blocks, &marker);
        assert_eq!(collect_ids(&code).unwrap(), None);
        // A block that is not there leaves the HTML whole.
        let code = Code::cut("<p>x</p>", &blocks, &marker);
        assert!(code.insides.is_empty() && code.marker.is_none());
    }

    #[test]
    fn the_text_of_a_link_is_found_up_to_its_end_tag() {
        let html = "<a href=x>https://x/</a ><a>t<b>b</b></a><a></a>";
        assert_eq!(text_before_end_of_a(html, 10), Some("https://x/"));
        assert_eq!(text_before_end_of_a(html, 28), None);
        assert_eq!(text_before_end_of_a(html, 44), None);
        assert_eq!(text_before_end_of_a(html, 1000), None);
    }

    #[test]
    fn markers_cut_the_template() {
        let marker = Marker::new("test");
        let page = format!(
            "<a>{}</a>{}{}-->{}",
            marker.of(0),
            marker.of(7),
            marker.prefix,
            marker.of(1)
        );
        assert_eq!(
            marker.split(&page, 2),
            [
                Piece::Text("<a>"),
                Piece::Note(0),
                Piece::Text(&format!("</a>{}{}-->", marker.of(7), marker.prefix)),
                Piece::Note(1),
                Piece::Text("")
            ]
        );
        assert_eq!(marker.split("none", 2), [Piece::Text("none")]);
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
    fn the_chromium_timeout_may_be_set_in_seconds() {
        assert_eq!(chromium_timeout_from(None).unwrap(), CHROMIUM_TIMEOUT);
        assert_eq!(
            chromium_timeout_from(Some("".into())).unwrap(),
            CHROMIUM_TIMEOUT
        );
        assert_eq!(
            chromium_timeout_from(Some(" 600 ".into())).unwrap(),
            Duration::from_secs(600)
        );
        assert_eq!(
            chromium_timeout_from(Some("0.5".into())).unwrap(),
            Duration::from_millis(500)
        );
        for wrong in ["0", "-1", "ten", "inf", "NaN"] {
            let Error::Invalid(d) = chromium_timeout_from(Some(wrong.into())).unwrap_err() else {
                panic!("{wrong}")
            };
            assert_eq!(
                d[0].message,
                format!("cannot print the PDF: STUDYSITE_CHROMIUM_TIMEOUT is set to '{wrong}', not a number of seconds")
            );
        }
        assert_eq!(seconds(Duration::from_secs(1)), "1 second");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 seconds");
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
