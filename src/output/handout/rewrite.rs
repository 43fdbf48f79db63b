//! A note's HTML rewritten for the handout. In: the note's rendered HTML and its highlighted
//! code. Out: the same HTML with every id prefixed with the note's anchor, links between notes
//! turned into in-page anchors (or text), and embedded media replaced by links; the code is
//! cut out before the streaming rewriter (lol_html) runs and put back after, so it is not
//! parsed twice.

use super::*;
use crate::load::links::is_external;
use crate::markup::sanitize;
use crate::model::link::{Destination, LinkKind};
use crate::model::site::NoteId;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::html::{decode_attribute, escape, escape_href};
use lol_html::errors::RewritingError;
use lol_html::html_content::{ContentType, Element, SourceLocation};
use lol_html::{doc_comments, element, HandlerResult, HtmlRewriter};
use percent_encoding::percent_decode_str;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// HTML as lol_html and the sanitizer read it: a note's body with the inside of each highlighted
/// code block (their highlighted HTML: text in `<span class>`es that studysite wrote, nothing to
/// rewrite or sanitize, and most of a typical body) left out, a marker comment in its place,
/// which [`Code::restore`] puts back in the end. When not every marker comes through as a comment
/// (a code block after an unclosed `<textarea>`, say), the body is read again, whole.
pub(crate) struct Code<'h> {
    /// What lol_html reads.
    pub(crate) html: Cow<'h, str>,
    /// The insides left out, in order.
    pub(crate) insides: Vec<&'h str>,
    pub(crate) marker: Option<&'h Marker>,
}

impl<'h> Code<'h> {
    pub(crate) fn whole(html: &'h str) -> Code<'h> {
        Code {
            html: Cow::Borrowed(html),
            insides: Vec::new(),
            marker: None,
        }
    }

    pub(crate) fn cut(html: &'h str, blocks: &[String], marker: &'h Marker) -> Code<'h> {
        let mut cut = String::new();
        let mut insides = Vec::new();
        let mut from = 0;
        for block in blocks {
            let (Some(start), Some(end)) = (
                block.find("<code>").map(|p| p + "<code>".len()),
                block.rfind("</code>"),
            ) else {
                continue;
            };
            if end <= start {
                continue;
            }
            // Found by its opening tags, then compared whole: quicker than searching for it whole.
            let Some(at) = html[from..]
                .match_indices(&block[..start])
                .map(|(p, _)| from + p)
                .find(|&at| html[at..].starts_with(block.as_str()))
            else {
                break;
            };
            cut.push_str(&html[from..at + start]);
            cut.push_str(&marker.of(insides.len()));
            insides.push(&html[at + start..at + end]);
            from = at + end;
        }
        if insides.is_empty() {
            return Code::whole(html);
        }
        cut.push_str(&html[from..]);
        Code {
            html: Cow::Owned(cut),
            insides,
            marker: Some(marker),
        }
    }

    /// Runs lol_html over the HTML with `handler` for the elements `selector` matches, handing
    /// the output to `output`, markers left in and every other comment dropped; `false` if not
    /// every marker was read as a comment.
    pub(crate) fn run(
        &self,
        selector: &str,
        handler: impl FnMut(&mut Element<'_, '_>) -> HandlerResult,
        output: impl FnMut(&[u8]),
    ) -> std::result::Result<bool, RewritingError> {
        let mut seen = 0;
        // Not strict: where lol_html cannot be sure how a browser reads some markup (a
        // `<script>` inside a `<select>`), it guesses; the sanitizer reads it again anyway.
        let settings = lol_html::Settings::new()
            .append_element_content_handler(element!(selector, handler))
            .with_strict(false)
            .append_document_content_handler(doc_comments!(|c| {
                match self.marker.and_then(|m| m.index(&c.text())) {
                    Some(i) if i < self.insides.len() => seen += 1,
                    _ => c.remove(),
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, output);
        rewriter.write(self.html.as_bytes())?;
        rewriter.end()?;
        Ok(seen == self.insides.len())
    }

    /// `html` (what became of [`Code::run`]'s output) with the code blocks' insides back in
    /// place of their markers; `None` unless each marker is there once, as a comment.
    pub(crate) fn restore(&self, html: &str) -> Option<String> {
        let Some(marker) = self.marker else {
            return Some(html.to_string());
        };
        let mut out =
            String::with_capacity(html.len() + self.insides.iter().map(|i| i.len()).sum::<usize>());
        let mut restored = vec![false; self.insides.len()];
        let mut rest = html;
        while let Some(pos) = rest.find(&marker.prefix) {
            let after = &rest[pos + marker.prefix.len()..];
            let digits = after.find(|c: char| !c.is_ascii_digit())?;
            let i: usize = after[..digits].parse().ok()?;
            if !after[digits..].starts_with("-->") || std::mem::replace(restored.get_mut(i)?, true)
            {
                return None;
            }
            out.push_str(&rest[..pos]);
            out.push_str(self.insides[i]);
            rest = &after[digits + 3..];
        }
        out.push_str(rest);
        restored.iter().all(|&r| r).then_some(out)
    }
}

/// The error for HTML lol_html could not take.
pub(crate) fn html_diagnostic(message: &str, file: &Path) -> Error {
    let message = message.split("\n\n").next().unwrap_or(message);
    Diagnostic::error(format!(
        "cannot rewrite this note's HTML for the handout: {message}"
    ))
    .in_file(file)
    .with_help("check the raw HTML in the note")
    .into()
}

/// Attributes whose value is a list of ids.
pub(crate) const ID_LIST_ATTRS: &[&str] = &[
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-details",
    "aria-flowto",
    "aria-errormessage",
    "aria-activedescendant",
    "popovertarget",
];

/// Elements that show content from elsewhere; a handout links to it instead.
pub(crate) const EMBEDDED_ELEMENTS: &[&str] = &["iframe", "video", "audio", "object", "embed"];

/// Whether the start tag that ends at `end` of `html` holds just text and then `</a>`: the
/// text an external link shows, when it is its URL.
pub(crate) fn text_before_end_of_a(html: &str, end: usize) -> Option<&str> {
    let rest = html.get(end..)?;
    let text_end = rest.find('<')?;
    let name = rest[text_end..].strip_prefix("</")?;
    let name_end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    (text_end > 0 && name[..name_end].eq_ignore_ascii_case("a")).then(|| &rest[..text_end])
}

/// Note `id`'s body with its ids prefixed, its links pointing into the handout, its images
/// embedded, and then, if it holds a note's raw HTML, [`sanitize`]d: nothing left that would
/// run or load from elsewhere.
pub(crate) fn rewrite(
    shared: &Shared<'_>,
    ids: &Ids<'_>,
    id: NoteId,
    body: &Body,
    blocks: &[String],
) -> Result<String> {
    let empty = HashMap::new();
    let map = ids.maps.get(&id).unwrap_or(&empty);
    let anchor = ids.global(id, None);
    // An id's name in the handout; `None` for one the loading stage did not list
    // ([`crate::output::transclude::body_ids`]), which is dropped rather than written as it is,
    // where it could take an id of the template or of another note.
    let global = |value: &str| map.get(decode_attribute(value).as_ref()).map(|g| escape(g));
    // Where an `href` goes: `Some(new value)`, or `None` to make the link plain text.
    let link = |value: &str| -> Option<String> {
        let value = decode_attribute(value);
        if let Some(n) = value.strip_prefix(TARGET) {
            if value == DROP {
                return None;
            }
            let (to, fragment) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| body.targets.get(n))
                .map_or((id, None), |(to, f)| (*to, f.as_deref()));
            return Some(format!("#{}", escape_href(ids.global(to, fragment))));
        }
        if let Some(fragment) = value.strip_prefix('#') {
            let fragment = percent_decode_str(fragment).decode_utf8_lossy();
            let global = map.get(fragment.as_ref()).map_or(anchor, String::as_str);
            return Some(format!("#{}", escape_href(global)));
        }
        if is_external(&value) {
            return Some(escape(&value));
        }
        // A relative link in raw HTML, where the link stage found it goes.
        match shared.in_html(id, LinkKind::Markdown, &value) {
            Some(Destination::Note(to, fragment)) if shared.included.contains(to) => Some(format!(
                "#{}",
                escape_href(ids.global(*to, fragment.as_deref()))
            )),
            Some(Destination::Note(to, fragment)) => {
                let out = shared.outside(&shared.site.notes[*to].url, fragment.as_deref());
                (out.href != DROP).then(|| escape_href(&out.href))
            }
            Some(Destination::Asset(path)) => {
                let out = shared.outside(path, None);
                (out.href != DROP).then(|| escape_href(&out.href))
            }
            _ => None,
        }
    };

    for code in shared.code(blocks, &body.html) {
        let html: &str = &code.html;
        let mut out = Vec::with_capacity(body.html.len() + body.html.len() / 8);
        let handler = |el: &mut Element<'_, '_>| -> HandlerResult {
            let name = el.tag_name();
            if let Some(&embed) = EMBEDDED_ELEMENTS.iter().find(|e| **e == name) {
                // Players and frames would load from elsewhere: a link to what they show instead.
                let src = el
                    .get_attribute("src")
                    .or_else(|| el.get_attribute("data"))
                    .map(|s| decode_attribute(&s).into_owned())
                    .filter(|s| sanitize::is_web_url(s));
                match src {
                    Some(src) => el.replace(
                        &format!(
                            "<a class=\"external\" href=\"{}\">[{embed}]</a>",
                            escape(&src)
                        ),
                        ContentType::Html,
                    ),
                    None => el.remove(),
                }
                return Ok(());
            }
            // An image in the notes becomes a `data:` URI.
            let mut embedded = None;
            if name == "img" {
                if let Some(src) = el
                    .get_attribute("src")
                    .map(|s| decode_attribute(&s).into_owned())
                {
                    if !src.starts_with("data:") {
                        match shared.in_html(id, LinkKind::Image, &src) {
                            Some(Destination::Asset(path)) => {
                                embedded = Some(escape(&data_uri(shared.site, path)?));
                            }
                            _ => {
                                // Not in the notes (on the web, or missing): its description instead.
                                let alt = el
                                    .get_attribute("alt")
                                    .map(|a| escape(&decode_attribute(&a)))
                                    .filter(|a| !a.is_empty())
                                    .unwrap_or_else(|| "image".into());
                                let replacement = if sanitize::is_web_url(&src) {
                                    format!(
                                        "<a class=\"external\" href=\"{}\">[{alt}]</a>",
                                        escape(&src)
                                    )
                                } else {
                                    format!("[{alt}]")
                                };
                                el.replace(&replacement, ContentType::Html);
                                return Ok(());
                            }
                        }
                    }
                }
            }
            // An external link whose text is its URL (`<https://...>`): print it once, not twice.
            let bare_url = name == "a"
                && el
                    .get_attribute("class")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == "external"))
                && el.get_attribute("href").is_some_and(|href| {
                    text_before_end_of_a(html, el.source_location().bytes().end).is_some_and(
                        |text| decode_attribute(text).trim() == decode_attribute(&href).trim(),
                    )
                });
            // Attributes are read where they are written in `html` (lol_html has their positions),
            // rather than copied out one by one: most elements keep them all.
            let mut changes: Vec<(String, Option<String>)> = Vec::new();
            for attr in el.attributes() {
                let written = |at: Option<SourceLocation>| at.and_then(|at| html.get(at.bytes()));
                let attr_name = match written(attr.name_source_location()) {
                    Some(n) => Cow::Borrowed(n),
                    None => Cow::Owned(attr.name()),
                };
                let value = match (
                    attr.value_source_location(),
                    written(attr.value_source_location()),
                ) {
                    (None, _) => Cow::Borrowed(""),
                    (Some(_), Some(v)) => Cow::Borrowed(v),
                    (Some(_), None) => Cow::Owned(attr.value()),
                };
                let is = |n: &str| attr_name.eq_ignore_ascii_case(n);
                // `Some(new value)` to replace the value, `Some(None)` to drop the attribute.
                let new_value: Option<Option<String>> = if is("class") && bare_url {
                    Some(Some(format!("{value} url")))
                } else if is("id") || (is("name") && name == "a") {
                    Some(global(&value))
                } else if is("src") && embedded.is_some() {
                    Some(embedded.take())
                } else if is("href") || is("xlink:href") {
                    match link(&value) {
                        Some(v) => Some(Some(v)),
                        None if name == "a" => {
                            el.remove_and_keep_content();
                            return Ok(());
                        }
                        None => Some(None),
                    }
                } else if ["marker-start", "marker-mid", "marker-end"]
                    .iter()
                    .any(|n| is(n))
                {
                    // A Mermaid arrowhead, `url(#id)`: the marker's id was prefixed above.
                    let value = decode_attribute(&value);
                    let target = value
                        .trim()
                        .strip_prefix("url(#")
                        .and_then(|v| v.strip_suffix(')'));
                    target
                        .and_then(|t| map.get(t))
                        .map(|to| Some(escape(&format!("url(#{to})"))))
                } else if ID_LIST_ATTRS.iter().any(|n| is(n)) {
                    let mapped: Vec<String> = decode_attribute(&value)
                        .split_whitespace()
                        .map(|t| map.get(t).cloned().unwrap_or_else(|| t.to_string()))
                        .collect();
                    Some(Some(escape(&mapped.join(" "))))
                } else {
                    None
                };
                if let Some(new_value) = new_value {
                    changes.push((attr_name.into_owned(), new_value));
                }
            }
            for (attr_name, new_value) in changes {
                match new_value {
                    None => el.remove_attribute(&attr_name),
                    Some(v) => el.set_attribute(&attr_name, &v)?,
                }
            }
            Ok(())
        };
        let complete = code
            .run("*", handler, |chunk| out.extend_from_slice(chunk))
            .map_err(|e| shared.html_error(id, e))?;
        if !complete {
            continue;
        }
        // UTF-8 in, UTF-8 out.
        let rewritten = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        // The render pass's own HTML is safe as written, as on the pages; lol_html has put the
        // handout's ids, anchors and embedded images in.
        let clean = if body.raw_html {
            Cow::Owned(sanitize::clean(&rewritten, sanitize::Policy::Handout))
        } else {
            Cow::Borrowed(&rewritten)
        };
        if let Some(content) = code.restore(&clean) {
            return Ok(content);
        }
    }
    unreachable!("a body read whole needs nothing restored")
}

// ---------------------------------------------------------------------------------------------
// Writing and printing.

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{anchors, highlight};

    fn ids(html: &str) -> Vec<String> {
        let found = anchors::anchors_in(html).unwrap();
        found.into_iter().map(|(_, id)| id).collect()
    }

    /// The ids lol_html reads in `code`, markers kept; `None` if not every marker came through.
    fn ids_of(code: &Code<'_>) -> Option<Vec<String>> {
        let mut ids = Vec::new();
        let handler = |el: &mut Element<'_, '_>| {
            anchors::push_anchors(el, &mut ids);
            Ok(())
        };
        let complete = code.run(anchors::ANCHOR_ELEMENTS, handler, |_| {}).unwrap();
        complete.then_some(ids)
    }

    #[test]
    fn code_insides_are_left_out_and_put_back() {
        let block = highlight::code_block("fn main() { let x = \"<p id=q>\"; }\n", "rust");
        assert!(block.contains("<span") && block.contains("&lt;p id=q&gt;"));
        assert!(ids(&block).is_empty());
        let marker = Marker::new("code");
        let blocks = vec![block.clone(), String::new(), block.clone()];
        let html = format!("<h2 id=a>A</h2>{block}<!-- a note's own --><p id=b>{block}</p>");
        let code = Code::cut(&html, &blocks, &marker);
        assert_eq!(code.insides.len(), 2);
        assert!(!code.html.contains("<span"), "{}", code.html);
        let mut out = Vec::new();
        let complete = code
            .run("*", |_| Ok(()), |c| out.extend_from_slice(c))
            .unwrap();
        assert!(complete);
        // The markers stay for the sanitizer to pass on; the note's own comment goes.
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, code.html.replace("<!-- a note's own -->", ""));
        assert_eq!(
            code.restore(&out).unwrap(),
            html.replace("<!-- a note's own -->", "")
        );
        assert_eq!(ids_of(&code).unwrap(), ["a", "b"]);
        // Each marker must come back once.
        let first = marker.of(0);
        assert_eq!(code.restore(&out.replacen(&first, "", 1)), None);
        assert_eq!(code.restore(&format!("{out}{first}")), None);
        assert_eq!(
            code.restore(&out.replacen(&first, &format!("{}0 -->", marker.prefix), 1)),
            None
        );

        // Inside a textarea, a marker is text: the body must be read whole.
        let html = format!("<textarea>{block}");
        let code = Code::cut(&html, &blocks, &marker);
        assert_eq!(ids_of(&code), None);
        // A block that is not there leaves the HTML whole.
        let code = Code::cut("<p>x</p>", &blocks, &marker);
        assert!(code.insides.is_empty() && code.marker.is_none());
    }

    #[test]
    fn the_text_of_a_link_is_found_up_to_its_end_tag() {
        let html = "<a href=x>https://x/</a ><a>t<b>b</b></a><a></a>";
        assert_eq!(text_before_end_of_a(html, 10), Some("https://x/"));
        assert_eq!(text_before_end_of_a(html, 28), None);
        assert_eq!(text_before_end_of_a(html, 44), None);
        assert_eq!(text_before_end_of_a(html, 1000), None);
    }
}
