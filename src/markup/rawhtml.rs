//! A note's raw HTML, made harmless for a site page: no page runs a note's script.
//!
//! In: HTML (a note's rendered body, which holds whatever raw HTML the note wrote). Out: the
//! same HTML without `<script>` elements, event-handler attributes (`onclick`), `srcdoc`,
//! `<base>`, `<meta http-equiv>` and SVG animations of links, and with every URL-bearing
//! attribute (`href`, `src`, `xlink:href`, `action`, `formaction`, ...) whose URL
//! [`url::check`] refuses dropped (a link `<a>` becomes its text); plus a [`Finding`] for
//! each thing removed, at its byte offset in the input, for the warnings. HTML is read with
//! lol_html, which parses as browsers do, character references in attributes decoded as
//! browsers decode them ([`crate::util::html::decode_attribute`]).

use crate::util::url;
use lol_html::html_content::Element;
use lol_html::{element, HtmlRewriter, Settings};
use std::cell::RefCell;

/// Something removed from the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where its element starts in the input.
    pub offset: usize,
    pub message: String,
    pub help: String,
}

/// Attributes holding one URL (the HTML standard's, with the SVG and legacy ones browsers
/// still follow).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "cite",
    "data",
    "poster",
    "background",
    "codebase",
    "classid",
    "longdesc",
    "usemap",
    "manifest",
    "icon",
    "lowsrc",
    "dynsrc",
    "profile",
    "xml:base",
];

/// Attributes holding several URLs: whitespace-separated, or comma-separated candidates each
/// with a descriptor after its URL.
const URL_LIST_ATTRIBUTES: &[&str] = &["ping", "archive"];
const SRCSET_ATTRIBUTES: &[&str] = &["srcset", "imagesrcset"];

const NO_SCRIPT: &str = "a site page never runs a note's script";

/// See the module docs. `Err` when lol_html finds the HTML ambiguous (a `<script>` inside a
/// `<select>`, say), so that it cannot promise what a browser would run.
pub fn clean(html: &str) -> Result<(String, Vec<Finding>), String> {
    let findings = RefCell::new(Vec::new());
    let mut out = Vec::with_capacity(html.len());
    let handler = |el: &mut Element<'_, '_>| {
        let offset = el.source_location().bytes().start;
        let found = |message: String, help: &str| {
            findings.borrow_mut().push(Finding {
                offset,
                message,
                help: help.to_string(),
            })
        };
        filter(el, found);
        Ok(())
    };
    let settings = Settings::new()
        .append_element_content_handler(element!("*", handler))
        .with_strict(true);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    let written = rewriter
        .write(html.as_bytes())
        .and_then(|()| rewriter.end());
    if let Err(error) = written {
        let message = error.to_string();
        return Err(message.split("\n\n").next().unwrap_or("").to_string());
    }
    // UTF-8 in, UTF-8 out.
    let html = String::from_utf8(out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok((html, findings.into_inner()))
}

/// Removes from one element what it may not hold, calling `found` for each.
fn filter(el: &mut Element<'_, '_>, found: impl Fn(String, &str)) {
    let tag = el.tag_name();
    let attribute = |name: &str| el.get_attribute(name).unwrap_or_default();
    let removed = match tag.as_str() {
        "script" => Some("a <script> was removed"),
        "base" => Some("a <base>, which would change where every link goes, was removed"),
        "meta" if el.has_attribute("http-equiv") => {
            Some("a <meta http-equiv>, which could send the reader elsewhere, was removed")
        }
        "animate" | "set"
            if matches!(
                attribute("attributename").to_ascii_lowercase().as_str(),
                "href" | "xlink:href"
            ) =>
        {
            Some("an SVG animation of a link, which could make it run a script, was removed")
        }
        _ => None,
    };
    if let Some(message) = removed {
        found(format!("{message}: {NO_SCRIPT}"), "remove it from the note");
        el.remove();
        return;
    }
    let mut dropped = Vec::new();
    for attr in el.attributes() {
        let name = attr.name();
        let value = attr.value();
        if name.starts_with("on") || name == "srcdoc" {
            found(
                format!("the attribute '{name}' of <{tag}> was removed: {NO_SCRIPT}"),
                "remove it from the note",
            );
            dropped.push(name);
            continue;
        }
        let urls: Vec<&str> = if URL_ATTRIBUTES.contains(&name.as_str()) {
            vec![value.as_str()]
        } else if URL_LIST_ATTRIBUTES.contains(&name.as_str()) {
            value.split_ascii_whitespace().collect()
        } else if SRCSET_ATTRIBUTES.contains(&name.as_str()) {
            value
                .split(',')
                .filter_map(|candidate| candidate.split_ascii_whitespace().next())
                .collect()
        } else {
            continue;
        };
        if let Some(refused) = urls.into_iter().find_map(|u| url::check_attribute(u).err()) {
            let what = if tag == "a" && name == "href" {
                "the link was made plain text"
            } else {
                "the attribute was removed"
            };
            found(
                format!("'{name}' of <{tag}>: {refused}; {what}"),
                &refused.help(),
            );
            dropped.push(name);
        }
    }
    for name in dropped {
        if tag == "a" && name == "href" {
            el.remove_and_keep_content();
            return;
        }
        el.remove_attribute(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(html: &str) -> (String, Vec<String>) {
        let (out, findings) = clean(html).unwrap();
        (out, findings.into_iter().map(|f| f.message).collect())
    }

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let (out, found) = cleaned(
            "<p onclick=\"alert(1)\" class=x>a<script>alert(2)</script></p><svg><script>x</script></svg>",
        );
        assert_eq!(out, "<p class=x>a</p><svg></svg>");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("'onclick' of <p>"), "{found:?}");
    }

    #[test]
    fn refused_links_become_text_and_other_urls_are_dropped() {
        let (out, found) = cleaned(
            "<a href=\"javascript&#58;alert(1)\">x</a> <img src=\"&#106;avascript:x\" alt=y> \
             <form action=\"vbscript:x\"><button formaction=\"JaVaScRiPt:x\">b</button></form> \
             <svg><a xlink:href=\"data:text/html,x\"><text>t</text></a></svg> \
             <img srcset=\"a.png 1x, javascript:x 2x\"> <iframe srcdoc=\"<script>x</script>\"></iframe>",
        );
        assert_eq!(
            out,
            "x <img alt=y> <form><button>b</button></form> <svg><a><text>t</text></a></svg> \
             <img> <iframe></iframe>"
        );
        assert_eq!(found.len(), 7, "{found:?}");
    }

    #[test]
    fn allowed_urls_and_our_own_markup_stay_as_they_are() {
        let html =
            "<a href=\"https://x.org/?a=1&amp;b=2\">x</a><a href=\"./Note:%20a.html#b\">n</a>\
                    <img src=\"data:image/png;base64,AA\"><a href=\"mailto:a@b.c\">m</a>\
                    <h2 id=\"x\">X<a class=\"anchor\" href=\"#x\">#</a></h2>";
        assert_eq!(cleaned(html), (html.to_string(), vec![]));
    }

    #[test]
    fn findings_are_placed_at_their_element() {
        let html = "<p>ok</p>\n<a href=\"javascript:x\">x</a>";
        let (_, findings) = clean(html).unwrap();
        assert_eq!(findings[0].offset, html.find("<a").unwrap());
    }
}
