//! Search index: one entry per section (the text under each heading) of every note, written as
//! a classic script that sets a global, so the browser can load it over `file://` (no fetch, no
//! modules). In: the site's analyzed notes. Out: `search-index.js`. The browser side indexes it
//! with the vendored MiniSearch (`static/vendor/minisearch.js`) on the first use of the search box.

use crate::error::Result;
use crate::site::{NoteId, Site};
use rayon::prelude::*;
use serde::Serialize;

/// One searchable section. Short keys keep the file small: it is the bulk of the download.
#[derive(Serialize)]
struct Entry<'a> {
    /// Page URL relative to the site root, with the section's anchor.
    u: String,
    /// The note's title.
    t: &'a str,
    /// The section's heading (empty for the text before the first heading).
    h: &'a str,
    /// The section's words.
    x: String,
    /// Tags and aliases, on a note's first entry: names to find it by.
    k: String,
}

/// Where the script opens and closes; the entries go between, separated by commas.
const HEAD: &str =
    "/* studysite search index: one entry per section. */\nwindow.studysiteSearchIndex = [";
const TAIL: &str = "];\n";

/// How many notes' entries are made (in parallel) before they go to the sink.
const BATCH: usize = 256;

/// Writes `search-index.js` for the whole site to `sink`, in course order, a batch of notes at
/// a time: the index is as big as the notes' text, so it is never whole in memory.
pub fn write_index(site: &Site, sink: &mut dyn FnMut(&str) -> Result<()>) -> Result<()> {
    sink(HEAD)?;
    let mut first = true;
    for batch in site.course.chunks(BATCH) {
        let parts: Vec<String> = batch.par_iter().map(|&id| note_entries(site, id)).collect();
        for part in parts.iter().filter(|p| !p.is_empty()) {
            if !first {
                sink(",")?;
            }
            first = false;
            sink(part)?;
        }
    }
    sink(TAIL)
}

/// The index kept as one JSON fragment per note, so live preview re-serializes only the note
/// that changed.
pub struct SearchIndex {
    parts: Vec<String>,
}

impl SearchIndex {
    pub fn new(site: &Site) -> SearchIndex {
        SearchIndex {
            parts: (0..site.notes.len())
                .into_par_iter()
                .map(|id| note_entries(site, id))
                .collect(),
        }
    }

    pub fn update(&mut self, site: &Site, id: NoteId) {
        self.parts[id] = note_entries(site, id);
    }

    /// The script, entries in course order.
    pub fn script(&self, site: &Site) -> String {
        let size = self.parts.iter().map(|p| p.len() + 1).sum::<usize>() + HEAD.len();
        let mut js = String::with_capacity(size + TAIL.len());
        js.push_str(HEAD);
        let mut first = true;
        for &id in &site.course {
            let part = &self.parts[id];
            if part.is_empty() {
                continue;
            }
            if !first {
                js.push(',');
            }
            first = false;
            js.push_str(part);
        }
        js.push_str(TAIL);
        js
    }
}

/// One note's entries as JSON objects separated by commas (no brackets).
fn note_entries(site: &Site, id: NoteId) -> String {
    let note = &site.notes[id];
    let mut names = note.meta.tags.clone();
    names.extend(note.meta.aliases.iter().cloned());
    let mut keywords = names.join(" ");
    let mut entries = Vec::new();
    for section in &note.analysis.sections {
        let text = collapse_whitespace(&section.text);
        if text.is_empty() && section.id.is_none() && keywords.is_empty() {
            continue;
        }
        let url = match &section.id {
            Some(anchor) => format!("{}#{anchor}", note.url),
            None => note.url.clone(),
        };
        entries.push(Entry {
            u: url,
            t: &note.title,
            h: &section.heading,
            x: text,
            k: std::mem::take(&mut keywords),
        });
    }
    entries_json(&entries)
}

fn entries_json(entries: &[Entry<'_>]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
    // Inside a script, `</script>` in a note's text would end it; `<\/` reads the same to JSON.
    let json = json.replace("</", "<\\/");
    json[1..json.len() - 1].to_string()
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_end_the_script() {
        let entries = [Entry {
            u: "a.html".into(),
            t: "Title \"quoted\"",
            h: "",
            x: "text </script><script>alert(1)</script> <b>bold</b>".into(),
            k: String::new(),
        }];
        let json = entries_json(&entries);
        assert!(!json.to_lowercase().contains("</script"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&format!("[{json}]")).unwrap();
        assert_eq!(
            back[0]["x"],
            "text </script><script>alert(1)</script> <b>bold</b>"
        );
        assert_eq!(back[0]["t"], "Title \"quoted\"");
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace("  a \n\n b  "), "a b");
    }
}
