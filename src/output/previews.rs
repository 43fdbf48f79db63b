//! The link previews: every note's title and summary, for the previews of links to notes
//! wherever a page has them (its text, its foot's lists, the outline, breadcrumbs, pager, the
//! site's own pages). In: the site. Out: [`PARTS`] files under [`DIR`], each a classic
//! script calling `studysiteNotePreviews({url: {title, summary}})` for the notes whose URL
//! (from the site root) [`part_of`] puts in it. `static/previews.js` loads a part the first time
//! a link to one of its notes is pointed at or focused (a script, not a fetch, so that it loads
//! over `file://`).
//!
//! No page holds previews itself: in every page they were an eighth of its bytes. Parts, not one
//! file, so that the first preview loads a few kilobytes, not every note's (1.7 MB at 10,000
//! notes); a fixed number of them, so that adding a note changes one part and no page.

use crate::model::site::Site;
use crate::util::error::Result;
use crate::util::html::json_for_script;
use serde::Serialize;
use std::collections::BTreeMap;

/// The folder of the parts in the output.
pub const DIR: &str = "note-previews";

/// How many parts the notes are spread over; `static/previews.js` says the same.
pub const PARTS: u32 = 64;

#[derive(Serialize)]
struct Preview<'a> {
    title: &'a str,
    summary: &'a str,
}

/// The part holding the preview of the note at `url`: FNV-1a (32 bits) of its UTF-8 bytes, as
/// `static/previews.js` computes it, modulo [`PARTS`].
pub fn part_of(url: &str) -> u32 {
    let hash = url.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash % PARTS
}

/// A part's path in the output.
pub fn path(part: u32) -> String {
    format!("{DIR}/{part}.js")
}

/// Hands every part to `sink(path, bytes)`, those that hold no note too: a link to a page that
/// is not a note (a tag's) looks in its part as well, and a missing file is an error in the
/// browser's console.
pub fn write(site: &Site, sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync)) -> Result<()> {
    let mut parts: BTreeMap<u32, BTreeMap<&str, Preview>> =
        (0..PARTS).map(|part| (part, BTreeMap::new())).collect();
    for note in &site.notes {
        let preview = Preview {
            title: &note.title,
            summary: note.meta.summary.as_deref().unwrap_or(""),
        };
        parts
            .entry(part_of(&note.url))
            .or_default()
            .insert(&note.url, preview);
    }
    for (part, previews) in parts {
        let json = serde_json::to_string(&previews).unwrap_or_else(|_| "{}".into());
        let script = format!("studysiteNotePreviews({});\n", json_for_script(&json));
        sink(&path(part), script.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a's published values, so that the browser's copy can be checked against the same.
    #[test]
    fn parts_follow_fnv1a_of_the_utf8_bytes() {
        assert_eq!(part_of(""), 0x811c_9dc5 % PARTS);
        // FNV-1a 32 of "a" is 0xe40c292c, of "foobar" 0xbf9cf968.
        assert_eq!(part_of("a"), 0xe40c_292c % PARTS);
        assert_eq!(part_of("foobar"), 0xbf9c_f968 % PARTS);
    }

    #[test]
    fn the_browser_spreads_notes_over_as_many_parts() {
        let script = include_str!("../../static/previews.js");
        assert!(
            script.contains(&format!("var PARTS = {PARTS};")),
            "static/previews.js must say PARTS = {PARTS}"
        );
    }
}
