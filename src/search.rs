//! Search index: one entry per section (the text under each heading) of every note, written as
//! a classic script that sets a global, so the browser can load it over `file://` (no fetch, no
//! modules). In: the site's analyzed notes. Out: `search-index.js`. The browser side indexes it
//! with the vendored MiniSearch (`static/vendor/minisearch.js`) on the first use of the search box.

use crate::site::Site;
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

/// `search-index.js` for the whole site, in course order.
pub fn index_js(site: &Site) -> String {
    let mut entries = Vec::new();
    for &id in &site.course {
        let note = &site.notes[id];
        let mut names = note.meta.tags.clone();
        names.extend(note.meta.aliases.iter().cloned());
        let mut keywords = names.join(" ");
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
    }
    script(&entries)
}

fn script(entries: &[Entry<'_>]) -> String {
    let json = serde_json::to_string(entries).unwrap_or_else(|_| "[]".into());
    // Inside a script, `</script>` in a note's text would end it; `<\/` reads the same to JSON.
    let json = json.replace("</", "<\\/");
    format!("/* studysite search index: one entry per section. */\nwindow.studysiteSearchIndex = {json};\n")
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
        let js = script(&entries);
        assert!(!js.to_lowercase().contains("</script"), "{js}");
        let json = js
            .trim_start_matches("/* studysite search index: one entry per section. */\nwindow.studysiteSearchIndex = ")
            .trim_end_matches(";\n");
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
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
