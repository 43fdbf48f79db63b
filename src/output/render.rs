//! Rendering: turns a loaded [`Site`] into pages. In: the site and the templates (built-in,
//! overridden by the site's `templates/`). Out: a note's page ([`render_note`]), and every
//! other page's path and HTML, handed to a sink (the staging folder when building, nowhere when
//! checking). Every href a page holds is an [`Href`] ([`crate::util::url`]).

use crate::markup::highlight;
use crate::model::glossary;
use crate::model::link::LinkResolver;
use crate::model::site::{Item, NoteId, Section, Site};
use crate::output::cards::data as study;
use crate::output::compare;
use crate::output::glossary::link_terms;
use crate::output::markdown;
use crate::util::assets;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::html::{escape, json_for_script};
use crate::util::ids::slugify;
use crate::util::paths;
use crate::util::url::Href;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// The compiled templates.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Built-in templates, each replaced by a same-named file in `<root>/templates/`.
    pub fn load(root: &Path) -> Result<Templates> {
        let mut sources: Vec<(String, String)> = assets::TEMPLATES
            .iter()
            .map(|(name, bytes)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                )
            })
            .collect();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Diagnostic::error(format!("cannot read the templates folder: {e}"))
                        .in_file(Path::new("templates"))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let name = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| Error::io("read template", entry.path(), e))?;
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(builtin) => builtin.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        let mut tera = Tera::default();
        // Tera's own escaper also escapes `/`, which makes every href unreadable.
        tera.set_escape_fn(escape_for_tera);
        tera.add_raw_templates(sources)
            .map_err(|e| template_error(&e, root))?;
        Ok(Templates { tera })
    }

    pub(crate) fn render(&self, name: &str, context: &Context, root: &Path) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, root))
    }
}

fn escape_for_tera(text: &str) -> String {
    escape(text)
}

/// Tera's error chain as one diagnostic naming the template file (and line, which Tera's parse
/// errors carry as `--> line:col`).
fn template_error(error: &tera::Error, root: &Path) -> Error {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let text = chain.join("\n");
    let name = text
        .split('\'')
        .nth(1)
        .filter(|n| n.ends_with(".html") || n.ends_with(".xml"))
        .unwrap_or("");
    let custom = root.join("templates").join(name);
    let path = if !name.is_empty() && custom.is_file() {
        format!("templates/{name}")
    } else {
        format!("built-in template {name}")
    };
    // Tera's parse errors embed a drawn snippet (`--> 2:7 | ... = expected ...`): we draw our
    // own, so keep only the position and the closing explanation.
    let explanation: Vec<String> = chain
        .iter()
        .map(|part| match part.find("--> ") {
            Some(_) => part
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("= "))
                .unwrap_or(part)
                .to_string(),
            None => part.replace('\n', " "),
        })
        .collect();
    let mut d =
        Diagnostic::error(format!("template error: {}", explanation.join(": "))).in_file(path);
    if let Some(pos) = text.find("--> ") {
        let loc: String = text[pos + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut parts = loc.split(':').filter_map(|p| p.parse().ok());
        if let (Some(line), Some(col)) = (parts.next(), parts.next()) {
            d = d.at(line, col);
        }
    }
    d.with_help("fix the template; delete your copy in templates/ to go back to the built-in one")
        .into()
}

#[derive(Serialize)]
struct LinkCtx {
    title: String,
    /// `None` for a breadcrumb with no page.
    href: Option<Href>,
    summary: Option<String>,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    href: Href,
    text: &'a str,
}

/// What a note's frontmatter gives its template beyond the title and summary.
#[derive(Serialize)]
struct PageCtx<'a> {
    /// Classes for `<body>` (`cssclasses`).
    classes: &'a [String],
    /// Every key studysite does not define itself, as written (`page.extra.permalink`).
    extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Preview<'a> {
    title: &'a str,
    summary: &'a str,
}

/// Renders the pages that are not notes (the home page when no note is it, tag pages, the
/// comparisons, 404, the sitemap) and the site-wide files, and hands each to
/// `sink(path, bytes)`. Returns the page count. The notes' own pages are rendered with
/// [`render_note`] by the caller, when it has their code highlighted, and the search index is
/// written by [`crate::output::search::write`].
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
) -> Result<usize> {
    let root = &site.settings.root;
    let mut pages = 0;
    if !site.notes.iter().any(|n| n.url == "index.html") {
        let ctx = base_context(site, "index.html", "Home", None);
        sink(
            "index.html",
            templates.render("home.html", &ctx, root)?.as_bytes(),
        )?;
        pages += 1;
    }
    site.tags.par_iter().try_for_each(|tag| {
        let url = format!("tags/{}.html", tag.slug);
        let mut ctx = base_context(site, &url, &tag.name, None);
        ctx.insert("tag", &tag.name);
        ctx.insert("notes", &note_links(site, &url, &tag.notes));
        sink(&url, templates.render("tag.html", &ctx, root)?.as_bytes())
    })?;
    pages += site.tags.len();
    sink(
        crate::output::previews::SCRIPT,
        crate::output::previews::script(site).as_bytes(),
    )?;
    let mut ctx = base_context(site, "tags.html", "Tags", None);
    let tags: Vec<serde_json::Value> = site
        .tags
        .iter()
        .map(|t| serde_json::json!({"name": t.name, "href": Href::between("tags.html", &format!("tags/{}.html", t.slug)), "count": t.notes.len()}))
        .collect();
    ctx.insert("tags", &tags);
    sink(
        "tags.html",
        templates.render("tags.html", &ctx, root)?.as_bytes(),
    )?;

    let mut ctx = base_context(site, "comparisons.html", "Comparisons", None);
    let comparisons: Vec<serde_json::Value> = site
        .comparisons
        .iter()
        .map(|c| {
            let note = &site.notes[c.note];
            serde_json::json!({
                "title": c.title,
                "href": Href::between("comparisons.html", &note.url).with_fragment(&c.id),
                "note": note.title,
                "things": c.things.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
                "named": names_all(&c.title, c.things.iter().map(|t| t.label.as_str())),
                "aspects": c.rows.iter().map(|r| r.aspect.as_str()).collect::<Vec<_>>(),
                "practise": study::practise_comparison(site, c),
            })
        })
        .collect();
    ctx.insert("comparisons", &comparisons);
    sink(
        "comparisons.html",
        templates.render("comparisons.html", &ctx, root)?.as_bytes(),
    )?;

    if !site.glossary.entries.is_empty() {
        let ctx = glossary_context(site);
        sink(
            glossary::PAGE,
            templates.render("glossary.html", &ctx, root)?.as_bytes(),
        )?;
        pages += 1;
    }

    let mut ctx = base_context(site, "404.html", "Page not found", None);
    let css = assets::builtin(assets::STATIC, "style.css").unwrap_or_default();
    ctx.insert("inline_css", &String::from_utf8_lossy(css));
    sink(
        "404.html",
        templates.render("404.html", &ctx, root)?.as_bytes(),
    )?;
    sink(study::PAGE, review_page(site, templates)?.as_bytes())?;
    pages += 4;

    if let Some(base) = &site.settings.site.base_url {
        sink("sitemap.xml", sitemap(site, base).as_bytes())?;
        sink(
            "robots.txt",
            format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").as_bytes(),
        )?;
    }
    // The code's colours, and the Mermaid diagrams' dark ones.
    let css = highlight::stylesheet() + &crate::markup::mermaid_colors::stylesheet();
    sink("highlight.css", css.as_bytes())?;
    sink(".nojekyll", b"")?;
    Ok(pages)
}

/// Whether `title` names every one of `things` (case aside, without a bracketed abbreviation:
/// "Virtual machines (VMs)" is named by "Docker vs virtual machines"), so that the comparisons
/// page does not say them twice.
fn names_all<'a>(title: &str, mut things: impl Iterator<Item = &'a str>) -> bool {
    let title = title.to_lowercase();
    things.all(|thing| {
        let bare = thing.split_once('(').map_or(thing, |(before, _)| before);
        title.contains(bare.trim().to_lowercase().as_str())
    })
}

/// `review.html`, the review and quiz page: what there is to practise, by section and by tag
/// (`static/review.js` does the rest, from `cards.js`).
fn review_page(site: &Site, templates: &Templates) -> Result<String> {
    let page = study::PAGE;
    let mut ctx = base_context(site, page, "Review", None);
    ctx.insert("store", &study::store_key(site));
    let mut sections = Vec::new();
    study::sections_of(site, &site.outline, page, &mut sections);
    ctx.insert("sections", &sections);
    let tags: Vec<serde_json::Value> = site
        .tags
        .iter()
        .map(|t| {
            let count: usize = t.notes.iter().map(|&n| site.deck.of_note(n).len()).sum();
            serde_json::json!({"title": t.name, "slug": t.slug, "count": count,
                   "href": format!("{page}?tag={}", study::query(&t.slug))})
        })
        .filter(|t| t["count"] != 0)
        .collect();
    ctx.insert("tags", &tags);
    ctx.insert("quizzes", &site.deck.quizzes.len());
    ctx.insert("cards", &site.deck.cards.len());
    templates.render("review.html", &ctx, &site.settings.root)
}

/// The glossary page's entries: each term with its anchor, definition, other names, the terms
/// it points to and the note that teaches it.
fn glossary_context(site: &Site) -> Context {
    let from = glossary::PAGE;
    let mut ctx = base_context(site, from, "Glossary", None);
    let entries = &site.glossary.entries;
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let see: Vec<serde_json::Value> = e
                .see
                .iter()
                .map(|&i| serde_json::json!({"term": entries[i].term, "href": Href::fragment(&entries[i].id)}))
                .collect();
            serde_json::json!({
                "term": e.term,
                "id": e.id,
                "definition": e.definition,
                "also": e.also,
                "see": see,
                "note": e.note.map(|id| note_link(site, from, id)),
            })
        })
        .collect();
    ctx.insert("entries", &list);
    ctx
}

/// Every note's page, for search engines; only written when the site knows its `base_url`.
fn sitemap(site: &Site, base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for &id in &site.course {
        let note = &site.notes[id];
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(Href::absolute(base, &note.url).as_str()));
        xml.push_str("</loc>");
        if let Some(updated) = &note.meta.updated {
            xml.push_str(&format!("<lastmod>{}</lastmod>", escape(updated)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// What every page's template gets: the site, the way back to the root, and the navigation
/// with `current` (the page's note, if it is one) marked.
pub(crate) fn base_context(
    site: &Site,
    url: &str,
    title: &str,
    current: Option<NoteId>,
) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &site.settings.site);
    ctx.insert("title", title);
    ctx.insert("root", &Href::root_of(url));
    ctx.insert("outline", &outline_html(site, url, current));
    ctx.insert("home_href", &Href::between(url, "index.html"));
    ctx.insert("glossary", &!site.glossary.entries.is_empty());
    ctx.insert("handout", &site.writes_handout());
    if let Some(base) = &site.settings.site.base_url {
        ctx.insert("canonical", &Href::absolute(base, url));
    }
    ctx
}

fn note_link(site: &Site, from_url: &str, id: NoteId) -> LinkCtx {
    let note = &site.notes[id];
    LinkCtx {
        title: note.title.clone(),
        href: Some(Href::between(from_url, &note.url)),
        summary: note.meta.summary.clone(),
    }
}

fn note_links(site: &Site, from_url: &str, ids: &[NoteId]) -> Vec<LinkCtx> {
    ids.iter()
        .map(|&id| note_link(site, from_url, id))
        .collect()
}

/// One note's page, with `code` as its code blocks' HTML ([`highlight::blocks`]).
pub fn render_note(
    site: &Site,
    templates: &Templates,
    id: NoteId,
    code: &[String],
) -> Result<String> {
    let note = &site.notes[id];
    let embedding = crate::output::transclude::Embedding::page(site, id);
    let links = &embedding;
    let url = note.url.as_str();
    let comparisons = site.comparisons_in(id);
    let content = markdown::render(note.body(), &note.analysis, code, links, &|i| {
        let Some(c) = comparisons.get(i) else {
            return String::new();
        };
        let hrefs: Vec<Option<String>> = c
            .things
            .iter()
            .map(|t| {
                t.note
                    .map(|n| Href::between(url, &site.notes[n].url).into_string())
            })
            .collect();
        compare::table_html(c, &hrefs, &|md| {
            markdown::render_inline(md, &note.analysis, links as &dyn LinkResolver)
        })
    });
    let content = markdown::clean_page_html(note.body(), content);
    let content = link_terms(&content, &site.glossary, url);

    let mut ctx = base_context(site, url, &note.title, Some(id));
    ctx.insert("content", &content);
    ctx.insert("summary", &note.meta.summary);
    // The page's description (and its link preview in a chat) is the note's summary.
    if let Some(summary) = &note.meta.summary {
        ctx.insert("description", summary);
    }
    ctx.insert("updated", &note.meta.updated);
    ctx.insert("show_title", &!note.analysis.starts_with_h1);
    ctx.insert("is_home", &(url == "index.html"));
    ctx.insert("source", &note.rel);
    ctx.insert(
        "page",
        &PageCtx {
            classes: &note.meta.classes,
            extra: &note.meta.extra,
        },
    );
    let toc: Vec<TocEntry> = note
        .analysis
        .headings
        .iter()
        .filter(|h| (2..=3).contains(&h.level))
        .map(|h| TocEntry {
            level: h.level,
            id: &h.id,
            href: Href::fragment(&h.id),
            text: &h.text,
        })
        .collect();
    ctx.insert("toc", &toc);
    let tags: Vec<LinkCtx> = note
        .meta
        .tags
        .iter()
        .map(|t| LinkCtx {
            title: t.clone(),
            href: Some(Href::between(url, &format!("tags/{}.html", slugify(t)))),
            summary: None,
        })
        .collect();
    ctx.insert("tags", &tags);
    // A note is listed once at the foot: under "Related notes" (the author's pick, or the
    // closest) rather than also under "Linked from". The home page, which most notes link
    // to, lists no "Linked from".
    let related = &site.related[id];
    let backlinks: Vec<NoteId> = if url == "index.html" {
        Vec::new()
    } else {
        site.backlinks[id]
            .iter()
            .filter(|b| !related.contains(b))
            .copied()
            .collect()
    };
    ctx.insert("backlinks", &note_links(site, url, &backlinks));
    ctx.insert("related", &note_links(site, url, related));
    let compared: Vec<LinkCtx> = site.compared_in[id]
        .iter()
        .map(|&i| {
            let c = &site.comparisons[i];
            let others: Vec<&str> = c
                .things
                .iter()
                .filter(|t| t.note != Some(id))
                .map(|t| t.label.as_str())
                .collect();
            LinkCtx {
                title: c.title.clone(),
                href: Some(Href::between(url, &site.notes[c.note].url).with_fragment(&c.id)),
                summary: Some(others.join(", ")),
            }
        })
        .collect();
    ctx.insert("compared_in", &compared);
    let crumbs: Vec<LinkCtx> = site
        .breadcrumbs(id)
        .into_iter()
        .filter(|s| s.index != Some(id))
        .map(|s| LinkCtx {
            title: s.title.clone(),
            href: s.index.map(|i| Href::between(url, &site.notes[i].url)),
            summary: None,
        })
        .collect();
    ctx.insert("breadcrumbs", &crumbs);
    let (prev, next) = site.neighbours(id);
    ctx.insert("prev", &prev.map(|p| note_link(site, url, p)));
    ctx.insert("next", &next.map(|n| note_link(site, url, n)));
    // The notes its text links to, and those its foot lists (for their previews too), but
    // itself (its own comparisons are "Compared with" too).
    let listed = backlinks.iter().chain(related).copied();
    let compared_notes = site.compared_in[id]
        .iter()
        .map(|&i| site.comparisons[i].note);
    let previewed = site.links[id]
        .linked_notes()
        .chain(listed)
        .chain(compared_notes)
        .filter(|&n| n != id);
    ctx.insert("previews", &previews_json(site, url, previewed));
    ctx.insert("study", &study::note_study(site, id, url));
    if url == "index.html" {
        let (listing, linked_any) = course_listing(site, url, &site.links[id]);
        ctx.insert("course_linked", &linked_any);
        ctx.insert("course", &listing);
    }
    templates.render("note.html", &ctx, &site.settings.root)
}

/// Titles and summaries of the notes a page links to, keyed by their href on this page, for
/// hover previews.
fn previews_json(site: &Site, from_url: &str, notes: impl Iterator<Item = NoteId>) -> String {
    let mut map = std::collections::BTreeMap::new();
    for id in notes {
        let note = &site.notes[id];
        map.insert(
            Href::between(from_url, &note.url),
            Preview {
                title: &note.title,
                summary: note.meta.summary.as_deref().unwrap_or(""),
            },
        );
    }
    json_for_script(&serde_json::to_string(&map).unwrap_or_else(|_| "{}".into()))
}

/// The course in order, with summaries, for the home page: the notes its text does not link to
/// already (a home page with its own learning path would list the course twice), and whether
/// it left any out for that.
fn course_listing(
    site: &Site,
    from_url: &str,
    home_links: &crate::model::link::NoteLinks,
) -> (Vec<LinkCtx>, bool) {
    let linked: std::collections::HashSet<NoteId> = home_links.linked_notes().collect();
    let (shown, left_out): (Vec<NoteId>, Vec<NoteId>) = site
        .course
        .iter()
        .filter(|&&id| site.notes[id].url != "index.html")
        .partition(|id| !linked.contains(id));
    (note_links(site, from_url, &shown), !left_out.is_empty())
}

/// Up to this many notes, the outline shows every note on every page. A bigger site shows its
/// sections, opens only the ones holding the current page, and in those lists the entries
/// around the current one (the section's page lists them all), so a page's size does not grow
/// with the site: 10,000 full outlines would be gigabytes.
pub const FULL_OUTLINE_LIMIT: usize = 300;
/// Entries shown on each side of the current one in a big site's open sections.
const OUTLINE_WINDOW: usize = 12;

/// The sidebar outline as HTML, with `current` marked. Written by hand rather than in a
/// template: it is the biggest part of every page, and a template loop over it is slow.
fn outline_html(site: &Site, from_url: &str, current: Option<NoteId>) -> String {
    let open_dir = current.map(|id| site.notes[id].dir.as_str());
    let expand = |section: &Section| {
        site.notes.len() <= FULL_OUTLINE_LIMIT
            || open_dir.is_some_and(|dir| paths::is_within(dir, &section.dir))
    };
    let mut html = String::from("<ol>");
    outline_items(site, &site.outline, from_url, current, &expand, &mut html);
    html.push_str("</ol>");
    html
}

fn outline_items(
    site: &Site,
    section: &Section,
    from_url: &str,
    current: Option<NoteId>,
    expand: &dyn Fn(&Section) -> bool,
    html: &mut String,
) {
    let shown = shown_range(site, section, current);
    for (position, item) in section.order.iter().enumerate() {
        if !shown.contains(&position) {
            if position == shown.end || position + 1 == shown.start {
                html.push_str("<li class=\"more\" aria-hidden=\"true\">…</li>");
            }
            continue;
        }
        match *item {
            Item::Note(id) => {
                html.push_str("<li>");
                outline_link(site, id, &site.notes[id].title, from_url, current, html);
                html.push_str("</li>");
            }
            Item::Section(i) => {
                let child = &section.children[i];
                let expanded = expand(child);
                html.push_str("<li class=\"section\">");
                // A closed section without an index page still needs a way in.
                let entry = child.index.or(if expanded {
                    None
                } else {
                    child.notes.first().copied()
                });
                match entry {
                    Some(id) => outline_link(site, id, &child.title, from_url, current, html),
                    None => {
                        html.push_str("<span>");
                        html.push_str(&escape(&child.title));
                        html.push_str("</span>");
                    }
                }
                if expanded {
                    html.push_str("<ol>");
                    outline_items(site, child, from_url, current, expand, html);
                    html.push_str("</ol>");
                }
                html.push_str("</li>");
            }
        }
    }
}

/// Which of a section's entries the outline lists: all of them in a small site, else a window
/// around the entry holding the current page.
fn shown_range(site: &Site, section: &Section, current: Option<NoteId>) -> std::ops::Range<usize> {
    let len = section.order.len();
    if site.notes.len() <= FULL_OUTLINE_LIMIT || len <= 2 * OUTLINE_WINDOW + 1 {
        return 0..len;
    }
    let holds_current = |item: &Item| match (*item, current) {
        (Item::Note(id), Some(c)) => id == c,
        (Item::Section(i), Some(c)) => {
            paths::is_within(&site.notes[c].dir, &section.children[i].dir)
        }
        _ => false,
    };
    let at = section.order.iter().position(holds_current).unwrap_or(0);
    let start = at.saturating_sub(OUTLINE_WINDOW);
    start..(at + OUTLINE_WINDOW + 1).min(len)
}

fn outline_link(
    site: &Site,
    id: NoteId,
    title: &str,
    from_url: &str,
    current: Option<NoteId>,
    html: &mut String,
) {
    html.push_str("<a href=\"");
    html.push_str(&escape(
        Href::between(from_url, &site.notes[id].url).as_str(),
    ));
    html.push('"');
    if current == Some(id) {
        html.push_str(" aria-current=\"page\"");
    }
    html.push('>');
    html.push_str(&escape(title));
    html.push_str("</a>");
}
