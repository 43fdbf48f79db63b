//! The handout's ids and table of contents. In: note slugs, the ids already used, the selected
//! notes and their anchors. Out: each note's anchor (`serverless/lambda` ->
//! `serverless--lambda`), the global id of a note's own ids, and the contents as
//! nested lists in course order.

use crate::model::site::{Item, NoteId, Section, Site};
use crate::util::html::escape;
use crate::util::url::Href;
use std::collections::{HashMap, HashSet};

/// `serverless/lambda` -> `serverless--lambda`.
pub(crate) fn note_anchor(slug: &str) -> String {
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

/// Every note's anchor and the global id of each of its local ids.
pub(crate) struct Ids<'a> {
    pub(crate) anchors: &'a HashMap<NoteId, String>,
    pub(crate) maps: &'a HashMap<NoteId, HashMap<String, String>>,
}

impl Ids<'_> {
    /// The id an anchor `fragment` of note `id` has in the handout: the element's own, or the
    /// note's when the note has no such element.
    pub(crate) fn global(&self, id: NoteId, fragment: Option<&str>) -> &str {
        fragment
            .and_then(|f| self.maps.get(&id)?.get(f))
            .or_else(|| self.anchors.get(&id))
            .map_or("", String::as_str)
    }
}

/// The table of contents: the course outline, with only the handout's notes.
pub(crate) fn toc_html(
    site: &Site,
    included: &HashSet<NoteId>,
    anchors: &HashMap<NoteId, String>,
) -> String {
    let mut html = String::new();
    if let Some(id) = site.outline.index.filter(|id| included.contains(id)) {
        toc_link(&mut html, &anchors[&id], &site.notes[id].title, "li");
    }
    toc_items(site, &site.outline, included, anchors, &mut html);
    format!("<ol>{html}</ol>")
}

pub(crate) fn toc_items(
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

pub(crate) fn toc_link(html: &mut String, anchor: &str, title: &str, wrapper: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_anchors() {
        assert_eq!(note_anchor("serverless/lambda"), "serverless--lambda");
        assert_eq!(note_anchor("a b/c"), "a-b--c");
    }
}
