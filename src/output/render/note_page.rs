//! A note's page. In: the loaded site, one note and its highlighted code blocks. Out: the page's
//! HTML: its body (the second Markdown pass, comparisons, glossary terms), table of contents,
//! tags, breadcrumbs, pager and the foot's lists.

use super::{base_context, note_link, note_links, LinkCtx, Templates};
use crate::model::site::{NoteId, Site};
use crate::output::cards::data as study;
use crate::output::compare;
use crate::output::glossary::link_terms;
use crate::output::markdown;
use crate::output::markdown::LinkResolver;
use crate::util::error::Result;
use crate::util::ids::slugify;
use crate::util::url::Href;
use serde::Serialize;

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
            return markdown::Rendered::default();
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
    let content = link_terms(
        &content,
        &site.glossary,
        &Href::between(url, &site.pages.glossary),
    );

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
    ctx.insert("study", &study::note_study(site, id, url));
    if url == "index.html" {
        let (listing, linked_any) = course_listing(site, url, &site.links[id]);
        ctx.insert("course_linked", &linked_any);
        ctx.insert("course", &listing);
    }
    templates.render("note.html", &ctx, &site.settings.root)
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
