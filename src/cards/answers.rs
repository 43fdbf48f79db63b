//! A handout as a self-test. In: the handout's notes and their cards, or one note's finished
//! handout HTML. Out: the answer key that ends the handout, and the note's HTML with the answers
//! of its question callouts taken out.
//!
//! `studysite handout --answers end` (the default for printing) keeps the questions in the
//! notes, takes their answers out and gathers them in an answer key after the last note;
//! `none` takes them out with no key (a test sheet); `inline` leaves the notes as on the site
//! (the print stylesheet opens every question). The questions are the question callouts and the
//! `Question::Answer` lines; a question callout is found in the page by the class the Markdown
//! stage gives it, `details.callout-question`, its answer being everything but its `<summary>`.

use super::Kind;
use crate::html::escape;
use crate::site::{NoteId, Site};
use lol_html::html_content::ContentType;
use lol_html::{element, HtmlRewriter, Settings};

/// Where a handout puts the answers to its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Answers {
    /// In an answer key after the last note.
    #[default]
    End,
    /// Where they are written, as on the site.
    Inline,
    /// Nowhere: a test sheet.
    None,
}

impl Answers {
    /// The answer key of `notes` (in handout order), or nothing unless [`Answers::End`] and
    /// some note has questions.
    pub fn key_html(self, site: &Site, notes: &[NoteId]) -> String {
        if self != Answers::End {
            return String::new();
        }
        let mut html = String::new();
        for &id in notes {
            let questions: Vec<_> = site
                .deck
                .of_note(id)
                .iter()
                .filter(|c| matches!(c.kind, Kind::Question | Kind::OneLine))
                .collect();
            if questions.is_empty() {
                continue;
            }
            html.push_str(&format!(
                "<section class=\"answer-key-note\">\n<h3>{}</h3>\n<ol>\n",
                escape(&site.notes[id].title)
            ));
            for card in questions {
                html.push_str(&format!(
                    "<li><div class=\"answer-key-question\">{}</div><div class=\"answer-key-answer\">{}</div></li>\n",
                    card.front, card.back
                ));
            }
            html.push_str("</ol>\n</section>\n");
        }
        if html.is_empty() {
            return html;
        }
        format!(
            "<section class=\"answer-key\" id=\"answer-key\" aria-labelledby=\"answer-key-title\">\n\
             <h2 id=\"answer-key-title\">Answer key</h2>\n{html}</section>\n"
        )
    }

    /// A note's handout HTML with its question callouts' answers taken out (unless inline),
    /// and a word in their place saying where the answer is.
    pub fn rewrite(self, html: String) -> String {
        let note = match self {
            Answers::Inline => return html,
            Answers::End => "Answer in the key at the end.",
            Answers::None => "",
        };
        let settings = Settings::new()
            .append_element_content_handler(element!(
                "details.callout-question > :not(summary)",
                |el| {
                    el.remove();
                    Ok(())
                }
            ))
            .append_element_content_handler(element!("details.callout-question", |el| {
                el.set_attribute("open", "")?;
                if !note.is_empty() {
                    let note = format!("<p class=\"answer-ref\">{note}</p>");
                    el.append(&note, ContentType::Html);
                }
                Ok(())
            }));
        let mut out = Vec::with_capacity(html.len());
        let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
        // The HTML is the handout's own, already read by lol_html: this does not fail, and if
        // it did the note would keep its answers rather than be lost.
        if rewriter.write(html.as_bytes()).is_err() || rewriter.end().is_err() {
            return html;
        }
        String::from_utf8(out).unwrap_or(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "<p>Intro</p><details class=\"callout callout-question\"><summary class=\"callout-title\">Why?</summary>\n<p>Because <b>so</b>.</p><ul><li>and</li></ul></details><details><summary>Other</summary><p>kept</p></details>";

    #[test]
    fn end_takes_the_answers_out_and_points_to_the_key() {
        let html = Answers::End.rewrite(NOTE.into());
        assert!(
            !html.contains("Because") && !html.contains("<li>and"),
            "{html}"
        );
        assert!(
            html.contains("<summary class=\"callout-title\">Why?</summary>"),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"answer-ref\">Answer in the key at the end.</p></details>"),
            "{html}"
        );
        // Other details are not questions.
        assert!(html.contains("<p>kept</p>"), "{html}");
    }

    #[test]
    fn none_leaves_the_question_alone_and_inline_changes_nothing() {
        let html = Answers::None.rewrite(NOTE.into());
        assert!(
            !html.contains("Because") && !html.contains("answer-ref"),
            "{html}"
        );
        assert!(html.contains("Why?"));
        assert_eq!(Answers::Inline.rewrite(NOTE.into()), NOTE);
    }
}
