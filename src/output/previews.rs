//! The previews of every note, for links whose page holds no preview of them (the outline, the
//! breadcrumbs, the pager, the site's own pages). In: the site. Out: [`SCRIPT`], a classic
//! script calling `studysiteNotePreviews({url: {title, summary}})` with every note's title and
//! summary keyed by its URL from the site root, which `static/previews.js` loads the first time
//! such a link is pointed at or focused (a script, not a fetch, so that it loads over
//! `file://`). One file for the site, so a page's size does not grow with the site's.

use crate::model::site::Site;
use crate::util::html::json_for_script;
use serde::Serialize;
use std::collections::BTreeMap;

/// Its path in the output.
pub const SCRIPT: &str = "note-previews.js";

#[derive(Serialize)]
struct Preview<'a> {
    title: &'a str,
    summary: &'a str,
}

/// The script's text.
pub fn script(site: &Site) -> String {
    let map: BTreeMap<&str, Preview> = site
        .notes
        .iter()
        .map(|note| {
            let summary = note.meta.summary.as_deref().unwrap_or("");
            (
                note.url.as_str(),
                Preview {
                    title: &note.title,
                    summary,
                },
            )
        })
        .collect();
    let json = serde_json::to_string(&map).unwrap_or_else(|_| "{}".into());
    format!("studysiteNotePreviews({});\n", json_for_script(&json))
}
