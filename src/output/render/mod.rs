//! Rendering: turns a loaded [`Site`] into pages. In: the site and the templates (built-in,
//! overridden by the site's `templates/`). Out: a note's page ([`render_note`]), and every
//! other page's path and HTML, handed to a sink (the staging folder when building, nowhere when
//! checking). Every href a page holds is an [`Href`] ([`crate::util::url`]).
//!
//! By job: `templates` loads and runs the templates, `note_page` renders a note, `site_pages`
//! the others, `outline` the sidebar every page shows; here is what they all share.

mod note_page;
mod outline;
mod site_pages;
mod templates;

pub use note_page::render_note;
pub use outline::FULL_OUTLINE_LIMIT;
pub use site_pages::render_site;
pub use templates::Templates;

use crate::model::site::{NoteId, Site};
use crate::util::url::Href;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct LinkCtx {
    title: String,
    /// `None` for a breadcrumb with no page.
    href: Option<Href>,
    summary: Option<String>,
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
    ctx.insert("outline", &outline::outline_html(site, url, current));
    ctx.insert("home_href", &Href::between(url, "index.html"));
    let pages = &site.pages;
    ctx.insert(
        "pages",
        &serde_json::json!({
            "tags": Href::between(url, &pages.tags),
            "comparisons": Href::between(url, &pages.comparisons),
            "glossary": Href::between(url, &pages.glossary),
            "review": Href::between(url, &pages.review),
            "handout": Href::between(url, &pages.handout),
        }),
    );
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
