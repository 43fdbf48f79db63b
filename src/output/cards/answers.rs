//! A handout as a self-test. In: the handout's notes and their cards, or one note's finished
//! handout HTML. Out: the answer key that ends the handout, and the note's HTML with the answers
//! of its question callouts taken out and, if asked, one column of its comparisons left blank.
//!
//! `studysite handout --answers end` (the default for printing) keeps the questions in the
//! notes, takes their answers out and gathers them in an answer key after the last note;
//! `none` takes them out with no key (a test sheet); `inline` leaves the notes as on the site
//! (the print stylesheet opens every question). The questions are the question callouts and the
//! `Question::Answer` lines; a question callout is found in the page by the class the Markdown
//! stage gives it, `details.callout-question`, its answer being everything but its `<summary>`.

use crate::model::cards::Kind;
use crate::model::site::Site;
use crate::model::NoteId;
use crate::util::html::escape;
use lol_html::html_content::ContentType;
use lol_html::{element, HtmlRewriter, Settings};

/// What a handout asks of its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SelfTest {
    pub answers: Answers,
    /// The compared thing (1 for the first) whose column every comparison prints empty.
    pub blank_column: Option<std::num::NonZeroUsize>,
}

impl SelfTest {
    /// The site's own handout: the notes as on the site.
    pub const SITE: SelfTest = SelfTest {
        answers: Answers::Inline,
        blank_column: None,
    };

    /// See [`Answers::key_html`].
    pub fn key_html(self, site: &Site, notes: &[NoteId]) -> String {
        self.answers.key_html(site, notes)
    }

    /// A note's handout HTML as the self-test asks: see [`Answers::rewrite`] and
    /// [`blank_column`].
    pub fn rewrite(self, html: String) -> String {
        let html = self.answers.rewrite(html);
        match self.blank_column {
            Some(n) => blank_column(html, n.get()),
            None => html,
        }
    }
}

/// Every comparison table's cells for thing `n` (1-based; the aspect column is a `th`)
/// emptied, for the reader to fill in.
fn blank_column(html: String, n: usize) -> String {
    let selector = format!("table.compare tbody td:nth-of-type({n})");
    let settings = Settings::new().append_element_content_handler(element!(selector, |el| {
        el.set_inner_content("", ContentType::Text);
        el.set_attribute("class", "blank")?;
        Ok(())
    }));
    run(html, settings)
}

/// `html` through lol_html with `settings`; as it was if that fails (it was read by lol_html
/// once already: it does not, and if it did the note would be shown whole rather than lost).
fn run(html: String, settings: Settings<'_, '_>) -> String {
    let mut out = Vec::with_capacity(html.len());
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    if rewriter.write(html.as_bytes()).is_err() || rewriter.end().is_err() {
        return html;
    }
    String::from_utf8(out).unwrap_or(html)
}

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
        run(html, settings)
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
    fn a_blank_column_empties_that_things_cells_only() {
        let table = "<table class=\"compare\"><thead><tr><th>Aspect</th><th>A</th><th>B</th></tr></thead>\
            <tbody><tr><th scope=\"row\">Speed</th><td data-label=\"A\"><span class=\"cell\">fast</span></td>\
            <td data-label=\"B\"><span class=\"cell\">slow</span></td></tr></tbody></table>";
        let html = blank_column(table.into(), 2);
        assert!(html.contains("fast") && !html.contains("slow"), "{html}");
        assert!(
            html.contains("<td data-label=\"B\" class=\"blank\"></td>"),
            "{html}"
        );
        assert!(html.contains("<th>B</th>"), "the heading stays: {html}");
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
