//! The sidebar outline. In: the site, the page's URL and its note. Out: the outline's HTML,
//! every link relative to the page, the current note marked.

use crate::model::site::{Item, NoteId, Section, Site};
use crate::util::html::escape;
use crate::util::paths;
use crate::util::url::Href;

/// Up to this many notes, the outline shows every note on every page. A bigger site shows all
/// its sections, opens only the ones holding the current page, and in those lists the notes
/// around the current one (the section's page lists them all), so a page's size does not grow
/// with the site: 10,000 full outlines would be gigabytes.
pub const FULL_OUTLINE_LIMIT: usize = 300;
/// Notes shown on each side of the current one in a big site's open sections: about a
/// screenful in all, since every entry is in every page of the section (12 a side made the
/// outline a sixth of a page's bytes at 10,000 notes). Sections are never left out: they are
/// few, and the only way from a page to the rest of the site (a window on them once hid 7 of
/// 20 from every page outside a section).
const NOTE_WINDOW: usize = 6;

/// The sidebar outline as HTML, with `current` marked. Written by hand rather than in a
/// template: it is the biggest part of every page, and a template loop over it is slow.
pub(super) fn outline_html(site: &Site, from_url: &str, current: Option<NoteId>) -> String {
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
    let shown = shown(site, section, current);
    for (position, item) in section.order.iter().enumerate() {
        if !shown[position] {
            // One ellipsis for each run of entries left out.
            if position == 0 || shown[position - 1] {
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

/// Whether the outline lists each of a section's entries: all of them in a small site or a
/// short section, else every subsection and the notes within a window of the entry holding the
/// current page (of the first entry on a page outside the section).
fn shown(site: &Site, section: &Section, current: Option<NoteId>) -> Vec<bool> {
    let len = section.order.len();
    if site.notes.len() <= FULL_OUTLINE_LIMIT || len <= 2 * NOTE_WINDOW + 1 {
        return vec![true; len];
    }
    let holds_current = |item: &Item| match (*item, current) {
        (Item::Note(id), Some(c)) => id == c,
        (Item::Section(i), Some(c)) => {
            paths::is_within(&site.notes[c].dir, &section.children[i].dir)
        }
        _ => false,
    };
    let at = section.order.iter().position(holds_current).unwrap_or(0);
    section
        .order
        .iter()
        .enumerate()
        .map(|(position, item)| match item {
            Item::Note(_) => position.abs_diff(at) <= NOTE_WINDOW,
            Item::Section(_) => true,
        })
        .collect()
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
