//! A drawn diagram's caption. In: a note's Markdown events, its Pikchr diagrams already
//! `<figure class="diagram">` HTML. Out: the same events, where a paragraph that is nothing but
//! emphasis right after a diagram (`*Diagram: a client calls ...*`, the usual way to write a
//! caption under a picture in Markdown) has become that figure's `<figcaption>`, so that
//! assistive technology reads it as the diagram's caption and print keeps the two together.

use pulldown_cmark::{Event, Tag, TagEnd};

/// How the Markdown stage opens a Pikchr diagram's figure (Mermaid's have their own caption).
const FIGURE: &str = "<figure class=\"diagram\">";
const FIGURE_END: &str = "</figure>\n";

/// Turns each emphasized paragraph that follows a diagram into the diagram's caption.
pub(super) fn diagram_captions(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut i = 0;
    while i < events.len() {
        let Event::Html(html) = &events[i] else {
            i += 1;
            continue;
        };
        let Some(figure) = html
            .strip_suffix(FIGURE_END)
            .filter(|h| h.starts_with(FIGURE))
            .map(str::to_owned)
        else {
            i += 1;
            continue;
        };
        if let Some(end) = emphasized_paragraph(&events[i + 1..]) {
            let end = i + 1 + end;
            events[i] = Event::Html(figure.into());
            events[i + 1] = Event::Html("<figcaption>".into());
            events[i + 2] = Event::Html("".into());
            events[end - 1] = Event::Html("".into());
            events[end] = Event::Html(format!("</figcaption>{FIGURE_END}").into());
            i = end;
        }
        i += 1;
    }
    events.retain(|e| !matches!(e, Event::Html(h) if h.is_empty()));
    events
}

/// When `events` open with a paragraph that is one emphasis and nothing else, the index of the
/// paragraph's end.
fn emphasized_paragraph(events: &[Event<'_>]) -> Option<usize> {
    if !matches!(
        events,
        [
            Event::Start(Tag::Paragraph),
            Event::Start(Tag::Emphasis),
            ..
        ]
    ) {
        return None;
    }
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(1) {
        match event {
            Event::Start(Tag::Emphasis) => depth += 1,
            Event::End(TagEnd::Emphasis) => {
                depth -= 1;
                if depth == 0 {
                    // The outer emphasis closes: the paragraph must close right after it.
                    return matches!(events.get(i + 1), Some(Event::End(TagEnd::Paragraph)))
                        .then_some(i + 1);
                }
            }
            Event::End(TagEnd::Paragraph) => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `markdown` as HTML, after a diagram as the Markdown stage leaves it (a bare HTML event)
    /// when `after_diagram`.
    fn html(after_diagram: bool, markdown: &str) -> String {
        let figure = format!("{FIGURE}<svg></svg>{FIGURE_END}");
        let events: Vec<Event> = after_diagram
            .then(|| Event::Html(figure.into()))
            .into_iter()
            .chain(pulldown_cmark::Parser::new(markdown))
            .collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, diagram_captions(events).into_iter());
        out
    }

    #[test]
    fn an_emphasized_paragraph_after_a_diagram_is_its_caption() {
        assert_eq!(
            html(true, "*Diagram: a [client](c.md) calls **an API**.*\n\nAfter.\n"),
            "<figure class=\"diagram\"><svg></svg><figcaption>Diagram: a <a href=\"c.md\">client</a> calls <strong>an API</strong>.</figcaption></figure>\n<p>After.</p>\n"
        );
    }

    #[test]
    fn other_paragraphs_stay_paragraphs() {
        for (after_diagram, markdown) in [
            (true, "*Emphasis* then text.\n"),
            (true, "Text then *emphasis*\n"),
            (true, "Plain.\n"),
            (true, "*one* *two*\n"),
            (true, "# *A heading*\n"),
            (false, "*Not after a diagram.*\n"),
        ] {
            let out = html(after_diagram, markdown);
            assert!(!out.contains("figcaption"), "{markdown:?}: {out}");
            assert_eq!(
                out.contains("<figure class=\"diagram\"><svg></svg></figure>"),
                after_diagram,
                "{markdown:?}: {out}"
            );
        }
    }
}
