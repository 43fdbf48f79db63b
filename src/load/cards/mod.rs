//! The cards stage: what a student practises, drawn from the notes at build time and kept as
//! data beside them ([`crate::model::cards`]).
//!
//! In: the loaded notes and their resolved comparisons. Out: a [`Deck`] of [`Card`]s (a front
//! and a back, as HTML) and multiple-choice [`Quiz`] questions, every one with a stable id, or
//! the problems found, each at `file:line`. The sources, one module each:
//! - [`callout`]: question callouts (`> [!question] Q`, `[!faq]`, `[!help]`; the body is the
//!   answer) and the `> [!KEY]` bullets whose `**bold**` or `==highlighted==` parts become cloze
//!   blanks;
//! - [`oneline`]: `Question::Answer` lines in notes tagged `flashcards` (the convention of
//!   Obsidian's spaced-repetition plugin);
//! - [`comparison`]: every cell of a comparison, and a multiple-choice question per distinct
//!   value.
//!
//! - [`glossary`]: each glossary entry that names its note, term to definition.
//!
//! A card's id hashes its note's path and its question (never its position), so editing an
//! answer or reordering a note keeps a student's progress, and a changed question is a new card.
//! The outputs are in [`crate::output::cards`]: `cards.tsv`, the review page's data, a
//! handout's answer key.

pub mod callout;
pub mod comparison;
pub mod glossary;
pub mod oneline;

use crate::load::markdown::{self, Words};
use crate::markup::math::{Converter, Dollars};
use crate::markup::sanitize::{self, Policy};
pub use crate::model::cards::{Card, Deck, Kind, Quiz};
use crate::model::comparison::Comparison;
use crate::model::glossary::Glossary;
use crate::model::site::Note;
use crate::model::NoteId;
use crate::util::error::{Diagnostic, Severity};
use crate::util::html::escape;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::collections::HashMap;

/// Cards and quiz questions of every note (in parallel) with the warnings found (what was
/// shown but not made a card), or every error found. `tolerant` (imported material,
/// `--allow-broken-links`) makes every problem a warning: the card is left out, the build goes
/// on, as Obsidian shows an unanswered question callout.
/// `comparisons` is sorted by note, as [`crate::model::site::Site::comparisons`] is.
pub fn collect(
    notes: &[Note],
    comparisons: &[Comparison],
    glossary: &Glossary,
    math: &Converter,
    tolerant: bool,
) -> Result<(Deck, Vec<Diagnostic>), Vec<Diagnostic>> {
    let per_note: Vec<Drawn> = notes
        .par_iter()
        .enumerate()
        .map(|(id, note)| {
            let start = comparisons.partition_point(|c| c.note < id);
            let end = comparisons.partition_point(|c| c.note <= id);
            of_note(id, note, &comparisons[start..end], math)
        })
        .collect();
    assemble(per_note, notes, glossary, tolerant)
}

/// The deck after an edit to note `id` alone (the preview's entry point): its cards drawn
/// again, every other note's kept from `deck`, and the whole put together by the same rules as
/// [`collect`] (glossary cards filed anew, repeats dropped when `tolerant`). Returns note
/// `id`'s warnings, or its errors with `deck` left as it was. `comparisons` is note `id`'s.
pub fn redraw_note(
    deck: &mut Deck,
    notes: &[Note],
    id: NoteId,
    comparisons: &[Comparison],
    glossary: &Glossary,
    math: &Converter,
    tolerant: bool,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let drawn = of_note(id, &notes[id], comparisons, math);
    if !tolerant && drawn.2.iter().any(|p| p.severity != Severity::Warning) {
        return Err(drawn.2);
    }
    let old = std::mem::take(deck);
    let mut per_note: Vec<Drawn> = (0..notes.len()).map(|_| Drawn::default()).collect();
    // A glossary card is no note's own: `assemble` files them all again.
    for card in old.cards.into_iter().filter(|c| c.kind != Kind::Term) {
        per_note[card.note].0.push(card);
    }
    for quiz in old.quizzes {
        per_note[quiz.note].1.push(quiz);
    }
    per_note[id] = drawn;
    let (new, warnings) = assemble(per_note, notes, glossary, tolerant)?;
    *deck = new;
    Ok(warnings)
}

/// One note's cards, quiz questions and problems.
type Drawn = (Vec<Card>, Vec<Quiz>, Vec<Diagnostic>);

/// The deck from each note's cards (in note order) and the glossary's, or the errors among
/// the problems.
fn assemble(
    mut per_note: Vec<Drawn>,
    notes: &[Note],
    glossary: &Glossary,
    tolerant: bool,
) -> Result<(Deck, Vec<Diagnostic>), Vec<Diagnostic>> {
    for (note, card) in glossary::cards(glossary, notes) {
        per_note[note].0.push(card);
    }
    let (mut all, mut all_quizzes, mut by_note) = (Vec::new(), Vec::new(), Vec::new());
    let mut problems = Vec::new();
    for (cards, quizzes, found) in per_note {
        let start = all.len();
        all.extend(cards);
        by_note.push(start..all.len());
        all_quizzes.extend(quizzes);
        problems.extend(found);
    }
    let (warnings, errors): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| tolerant || p.severity == Severity::Warning);
    if errors.is_empty() {
        if tolerant {
            // A repeated question was reported; the deck keeps its first card.
            let mut seen = std::collections::HashSet::new();
            all.retain(|c| seen.insert(c.id.clone()));
            by_note = ranges_of(&all, notes.len());
        }
        let warnings = warnings.into_iter().map(Diagnostic::as_warning).collect();
        Ok((Deck::new(all, all_quizzes, by_note), warnings))
    } else {
        Err(errors)
    }
}

/// Each note's range of `cards`, which are in note order.
fn ranges_of(cards: &[Card], notes: usize) -> Vec<std::ops::Range<usize>> {
    (0..notes)
        .map(|id| cards.partition_point(|c| c.note < id)..cards.partition_point(|c| c.note <= id))
        .collect()
}

/// One note's cards and quiz questions, and its problems (a duplicate id among them).
fn of_note(id: NoteId, note: &Note, comparisons: &[Comparison], math: &Converter) -> Drawn {
    let source = Source {
        id,
        note,
        math,
        first_line: note.text[..note.body_offset].matches('\n').count() + 1,
    };
    let (mut cards, mut problems) = callout::cards(&source);
    if note
        .meta
        .tags
        .iter()
        .any(|t| t.eq_ignore_ascii_case(oneline::TAG))
    {
        let (more, found) = oneline::cards(&source);
        cards.extend(more);
        problems.extend(found);
    }
    let lines: Vec<usize> = note.analysis.comparisons.iter().map(|s| s.line).collect();
    let mut quizzes = Vec::new();
    for (i, c) in comparisons.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(source.first_line);
        cards.extend(comparison::cards(&source, c, line));
        quizzes.extend(comparison::quizzes(&source, c));
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for card in &cards {
        if let Some(first) = seen.insert(&card.id, card.line) {
            problems.push(
                Diagnostic::error(format!(
                    "two cards with the same question in this note (the first at line {first})"
                ))
                .in_file(&note.display)
                .at(card.line, 1)
                .with_help("reword one of the questions, or remove the repeated one"),
            );
        }
    }
    let mut seen_quiz = std::collections::HashSet::new();
    quizzes.retain(|q| seen_quiz.insert(q.id.clone()));
    (cards, quizzes, problems)
}

/// A note as the source modules read it.
pub struct Source<'a> {
    pub id: NoteId,
    pub note: &'a Note,
    /// Formulas in a card become MathML as on the note's page.
    pub math: &'a Converter,
    /// The file line the body starts on.
    pub first_line: usize,
}

impl Source<'_> {
    /// The stable id of a card of this note with this question (its plain text): the note's
    /// path, the card's kind and the question, hashed.
    pub fn card_id(&self, kind: &str, question: &str) -> String {
        stable_id(&[&self.note.rel, kind, &normalize(question)])
    }

    /// The 1-based file line of byte `offset` in the body.
    pub fn line_of(&self, offset: usize) -> usize {
        let body = self.note.body();
        self.first_line + body[..offset.min(body.len())].matches('\n').count()
    }

    /// Markdown as a card's HTML, its formulas as MathML ([`card_html`]).
    pub fn card_html(&self, markdown: &str) -> String {
        card_html(markdown, self.math)
    }

    pub fn error(&self, line: usize, message: &str, help: &str) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(&self.note.display)
            .at(line, 1)
            .with_help(help)
    }
}

/// 64-bit FNV-1a of the parts (each followed by a 0 byte), as 16 hex digits. Written out here
/// because the id must not change with a dependency's version: a student's progress is keyed
/// by it.
pub fn stable_id(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.as_bytes().iter().chain(&[0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Whitespace runs as one space, ends trimmed: reflowing a question keeps its id.
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_WIKILINKS
}

/// Markdown as a card's HTML: what a card shows away from its note, so links and images keep
/// only their text (their targets are relative to the note) and raw HTML is shown as text.
/// Formulas become MathML, as on the page (a price's dollar sign stays text by the page's
/// rule), through the sanitizer; one that does not convert shows as its TeX in code (the page
/// reports it).
pub fn card_html(markdown: &str, math: &Converter) -> String {
    let with_math = options() | Options::ENABLE_MATH;
    let dollars = Dollars::protect(markdown, with_math);
    let events = Parser::new_ext(&dollars.text, with_math).filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
            let display = matches!(event, Event::DisplayMath(_));
            let html = match math.render(tex, display) {
                Ok(mathml) => sanitize::clean(&mathml, Policy::Site),
                Err(_) => format!("<code>{}</code>", escape(tex)),
            };
            Some(Event::InlineHtml(html.into()))
        }
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        Event::FootnoteReference(label) => Some(Event::Text(label)),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_string()
}

/// The plain text of Markdown: what ids are made from and quiz choices show.
pub fn plain_text(markdown: &str) -> String {
    markdown::plain_text(markdown, Words::Card(options()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::meta::Frontmatter;
    use std::path::PathBuf;

    /// A note with this body (and these tags), as the loader would make it.
    pub fn note(body: &str, tags: &[&str]) -> Note {
        let head = "---\ntitle: T\n---\n";
        let text = format!("{head}{body}");
        let (analysis, _) = crate::load::markdown::analyze(
            &text,
            head.len(),
            std::path::Path::new("a/n.md"),
            &crate::markup::math::Converter::default(),
            None,
        );
        Note {
            source: PathBuf::from("notes/a/n.md"),
            display: PathBuf::from("notes/a/n.md"),
            rel: "a/n.md".into(),
            slug: "a/n".into(),
            url: "a/n.html".into(),
            dir: "a".into(),
            meta: Frontmatter {
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Frontmatter::default()
            },
            title: "T".into(),
            text,
            body_offset: head.len(),
            analysis,
            warnings: Vec::new(),
        }
    }

    pub fn source(note: &Note) -> Source<'_> {
        Source {
            id: 0,
            note,
            math: Box::leak(Box::default()),
            first_line: 4,
        }
    }

    #[test]
    fn ids_are_stable_and_differ_by_part() {
        assert_eq!(stable_id(&["a", "b"]), stable_id(&["a", "b"]));
        assert_ne!(stable_id(&["a", "b"]), stable_id(&["ab", ""]));
        // FNV-1a's published test vector for the empty input, before the 0 separator.
        assert_eq!(stable_id(&[]), "cbf29ce484222325");
    }

    #[test]
    fn card_html_drops_links_and_shows_raw_html_as_text() {
        let html = card_html(
            "See [the note](x.md) and <script>alert(1)</script> **now**",
            &Converter::default(),
        );
        assert!(!html.contains("<a") && !html.contains("<script"), "{html}");
        assert!(
            html.contains("the note") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(html.contains("<strong>now</strong>"), "{html}");
    }

    #[test]
    fn card_html_writes_formulas_as_mathml_and_leaves_prices_as_text() {
        let math = Converter::default();
        let html = card_html(
            "Energy is $E = mc^2$; it costs $0.20 per 1M requests.",
            &math,
        );
        assert!(
            html.contains("<math") && html.contains("<annotation"),
            "{html}"
        );
        assert!(html.contains("$0.20 per 1M requests"), "{html}");
        let broken = card_html("See $\\notacommand{x}$.", &math);
        assert!(
            broken.contains("<code>") && !broken.contains("<math"),
            "{broken}"
        );
    }

    #[test]
    fn duplicate_questions_in_one_note_are_an_error_at_the_second() {
        let n = note(
            "> [!question] Why?\n> Because.\n\n> [!faq] Why?\n> Still because.\n",
            &[],
        );
        let (_, _, problems) = of_note(0, &n, &[], &Converter::default());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, Some(7));
        assert!(problems[0].message.contains("line 4"), "{}", problems[0]);
    }

    #[test]
    fn ids_survive_edited_answers_and_reordering_but_not_a_new_question() {
        let ids = |body: &str| -> Vec<String> {
            let n = note(body, &[]);
            let (cards, _, _) = of_note(0, &n, &[], &Converter::default());
            cards.into_iter().map(|c| c.id).collect()
        };
        let a = ids("> [!question] One?\n> Yes.\n\n> [!question] Two?\n> No.\n");
        let b = ids("Intro.\n\n> [!question] Two?\n> Never.\n\n> [!question]   One?\n> Yes!\n");
        assert_eq!(a, vec![b[1].clone(), b[0].clone()]);
        let c = ids("> [!question] One, really?\n> Yes.\n");
        assert_ne!(a[0], c[0]);
    }
}
