//! The pages that are not notes and the site-wide files. In: the loaded site and the templates.
//! Out: the home page (when no note is it), tag pages, the tags, comparisons, glossary, review and
//! 404 pages, the link previews, the sitemap and `robots.txt` (with a `base_url`),
//! `highlight.css` and `.nojekyll`, each handed to a sink.

use super::{base_context, note_link, note_links, Templates};
use crate::markup::highlight;
use crate::model::site::Site;
use crate::output::cards::data as study;
use crate::util::assets;
use crate::util::error::Result;
use crate::util::html::escape;
use crate::util::url::Href;
use rayon::prelude::*;
use tera::Context;

/// Renders the pages that are not notes (the home page when no note is it, tag pages, the
/// comparisons, 404, the sitemap) and the site-wide files, and hands each to
/// `sink(path, bytes)`. Returns the page count. The notes' own pages are rendered with
/// [`render_note`] by the caller, when it has their code highlighted, and the search index is
/// written by [`crate::output::search::write`]. `review_data` is the review page's data block,
/// which [`crate::output::cards::bundle::write`] returns.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    review_data: &str,
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
    crate::output::previews::write(site, sink)?;
    let page = &site.pages.tags;
    let mut ctx = base_context(site, page, "Tags", None);
    let tags: Vec<serde_json::Value> = site
        .tags
        .iter()
        .map(|t| serde_json::json!({"name": t.name, "href": Href::between(page, &format!("tags/{}.html", t.slug)), "count": t.notes.len()}))
        .collect();
    ctx.insert("tags", &tags);
    sink(page, templates.render("tags.html", &ctx, root)?.as_bytes())?;

    let page = &site.pages.comparisons;
    let mut ctx = base_context(site, page, "Comparisons", None);
    let comparisons: Vec<serde_json::Value> = site
        .comparisons
        .iter()
        .map(|c| {
            let note = &site.notes[c.note];
            serde_json::json!({
                "title": c.title,
                "href": Href::between(page, &note.url).with_fragment(&c.id),
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
        page,
        templates.render("comparisons.html", &ctx, root)?.as_bytes(),
    )?;

    if !site.glossary.entries.is_empty() {
        let ctx = glossary_context(site);
        sink(
            &site.pages.glossary,
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
    sink(
        &site.pages.review,
        review_page(site, templates, review_data)?.as_bytes(),
    )?;
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

/// The review and quiz page (`review.html`): what there is to practise, by section and by tag
/// (`static/review.js` does the rest, from `review_data`, the cards' first data, and the files of
/// `cards/`).
fn review_page(site: &Site, templates: &Templates, review_data: &str) -> Result<String> {
    let page = &site.pages.review;
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
    ctx.insert("first_cards", review_data);
    templates.render("review.html", &ctx, &site.settings.root)
}

/// The glossary page's entries: each term with its anchor, definition, other names, the terms
/// it points to and the note that teaches it.
fn glossary_context(site: &Site) -> Context {
    let from = &site.pages.glossary;
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
