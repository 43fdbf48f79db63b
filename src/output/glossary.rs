//! Links a page's first mention of each glossary term to its entry.
//!
//! In: the HTML of a note's body as rendered (after its raw HTML was cleaned), the glossary,
//! and where the glossary page is from the page. Out: the same HTML with the first mention of each term made a link to
//! the term's entry on the glossary page, the definition in its `title` (which the stylesheet
//! also shows on hover and keyboard focus, so no script is needed to read it). Text inside
//! headings, links, code, diagrams, buttons and `<summary>` is left alone: a term there would be
//! a link in a link, or a heading's anchor text. It runs after rendering so the Markdown stages
//! stay as they are; the handout does not call it, so terms are plain text there.

use crate::model::glossary::Glossary;
use crate::util::html::escape;
use crate::util::url::Href;
use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{doc_text, element, HtmlRewriter, Settings};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

/// Elements whose text is never linked.
const SKIPPED: &str = "h1, h2, h3, h4, h5, h6, a, code, pre, kbd, samp, var, script, style, \
    svg, math, textarea, button, select, summary, caption, th, title, dfn, abbr";

/// See the module docs. HTML that lol_html cannot read comes back as it was.
pub fn link_terms(html: &str, glossary: &Glossary, glossary_page: &Href) -> String {
    if glossary.entries.is_empty() {
        return html.to_string();
    }
    // How deep the text is inside skipped elements.
    let skipped = Rc::new(Cell::new(0usize));
    let linked: RefCell<HashSet<usize>> = RefCell::new(HashSet::new());
    let pending = RefCell::new(String::new());
    let enter = |el: &mut Element<'_, '_>| {
        if let Some(handlers) = el.end_tag_handlers() {
            skipped.set(skipped.get() + 1);
            let skipped = Rc::clone(&skipped);
            handlers.push(Box::new(move |_| {
                skipped.set(skipped.get().saturating_sub(1));
                Ok(())
            }));
        }
        Ok(())
    };
    let text = |chunk: &mut TextChunk<'_>| {
        if skipped.get() > 0 {
            return Ok(());
        }
        // A text node arrives in pieces; a term may span two. Gather the node, then write it
        // in place of its last piece.
        let mut pending = pending.borrow_mut();
        pending.push_str(chunk.as_str());
        if !chunk.last_in_text_node() {
            chunk.remove();
            return Ok(());
        }
        let whole = std::mem::take(&mut *pending);
        let mut linked = linked.borrow_mut();
        let mut out = String::with_capacity(whole.len());
        let mut from = 0;
        while let Some(m) = glossary
            .matcher
            .find(&whole[from..], &|entry| !linked.contains(&entry))
        {
            let entry = &glossary.entries[m.entry];
            out.push_str(&whole[from..from + m.start]);
            out.push_str("<a class=\"glossary-term\" href=\"");
            out.push_str(&escape(
                glossary_page.clone().with_fragment(&entry.id).as_str(),
            ));
            out.push_str("\" title=\"");
            out.push_str(&escape(&entry.definition));
            out.push_str("\">");
            out.push_str(&whole[from + m.start..from + m.end]);
            out.push_str("</a>");
            linked.insert(m.entry);
            from += m.end;
        }
        out.push_str(&whole[from..]);
        chunk.replace(&out, ContentType::Html);
        Ok(())
    };
    let mut out = Vec::with_capacity(html.len() + 1024);
    let settings = Settings::new()
        .append_element_content_handler(element!(SKIPPED, enter))
        .append_document_content_handler(doc_text!(text));
    let mut rewriter = HtmlRewriter::new(settings, |bytes: &[u8]| out.extend_from_slice(bytes));
    if rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end())
        .is_err()
    {
        return html.to_string();
    }
    String::from_utf8(out).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::glossary::parse;
    use std::path::Path;

    fn glossary(yaml: &str) -> Glossary {
        parse(yaml, Path::new("glossary.yaml"), &|_| unreachable!()).unwrap()
    }

    #[test]
    fn the_first_mention_outside_headings_links_and_code_is_linked() {
        let g = glossary(
            "Pod: The smallest unit Kubernetes runs.\nTask: One run of a \"task definition\".\n",
        );
        let html = "<h2>Pods</h2><p>A <code>pod</code>, a <a href=\"x.html\">pod</a>, \
            then a pod and a pod.</p><p>A task &amp; a task.</p>";
        assert_eq!(
            link_terms(html, &g, &Href::between("aws/k8s.html", "glossary.html")),
            "<h2>Pods</h2><p>A <code>pod</code>, a <a href=\"x.html\">pod</a>, then a \
            <a class=\"glossary-term\" href=\"../glossary.html#pod\" title=\"The smallest unit Kubernetes runs.\">pod</a> \
            and a pod.</p><p>A <a class=\"glossary-term\" href=\"../glossary.html#task\" \
            title=\"One run of a &quot;task definition&quot;.\">task</a> &amp; a task.</p>"
        );
    }

    #[test]
    fn an_empty_glossary_changes_nothing() {
        let html = "<p>A pod.</p>";
        assert_eq!(
            link_terms(
                html,
                &Glossary::default(),
                &Href::between("a.html", "glossary.html")
            ),
            html
        );
    }
}
