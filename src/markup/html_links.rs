//! The links a note's raw HTML writes, which the Markdown passes pass through unread. In: HTML.
//! Out: each `href` (and SVG's `xlink:href`) of any element, as [`LinkKind::Markdown`], and
//! each `<img src>`, as [`LinkKind::Image`], decoded as a browser decodes attributes, each
//! once, in document order; but in-page `#fragment`s, links off the site and `data:` images,
//! which need no resolving. HTML is read with lol_html as browsers read it, as
//! [`super::anchors`] reads its ids: nothing inside a comment, a `<script>` or a `<textarea>`.
//! The link stage resolves them, so that an output that rewrites raw HTML (the handout) reads
//! where they go instead of resolving them again.

use crate::model::link::LinkKind;
use crate::util::html::decode_attribute;
use crate::util::url::{self, Checked};
use lol_html::errors::RewritingError;
use lol_html::html_content::Element;

/// Every link `html` writes that may go into the notes.
pub(crate) fn links_in(html: &str) -> Result<Vec<(LinkKind, String)>, RewritingError> {
    let mut links: Vec<(LinkKind, String)> = Vec::new();
    let handler = |el: &mut Element<'_, '_>| {
        let is_img = el.tag_name() == "img";
        for attr in el.attributes() {
            let name = attr.name();
            let kind =
                if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("xlink:href") {
                    LinkKind::Markdown
                } else if is_img && name.eq_ignore_ascii_case("src") {
                    LinkKind::Image
                } else {
                    continue;
                };
            let value = decode_attribute(&attr.value()).into_owned();
            let leaves = match kind {
                LinkKind::Image => value.starts_with("data:"),
                _ => value.starts_with('#') || url::check(&value) == Ok(Checked::External),
            };
            if !leaves && !links.iter().any(|(k, v)| *k == kind && *v == value) {
                links.push((kind, value));
            }
        }
        Ok(())
    };
    super::anchors::read_elements(html, "*", handler)?;
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_as_a_browser_reads_them() {
        let html = "<a href=\"b.md#x\">b</a> <!-- <a href=no.md> --> <A HREF='c%20d.md'>c</A>\
                    <img src=\"img/p&amp;q.png\" alt=x><img src=\"data:image/png;base64,AA\">\
                    <a href=\"#local\">l</a><a href=\"https://example.com/\">e</a>\
                    <svg><a xlink:href=\"e.md\"><text>e</text></a></svg><a href=\"b.md#x\">again</a>\
                    <script>x = '<a href=\"no2.md\">';</script><textarea><a href=no3.md></textarea>\
                    <video src=\"v.mp4\"></video><a href=\"v.mp4\">v</a>";
        assert_eq!(
            links_in(html).unwrap(),
            [
                (LinkKind::Markdown, "b.md#x".to_string()),
                (LinkKind::Markdown, "c%20d.md".into()),
                (LinkKind::Image, "img/p&q.png".into()),
                (LinkKind::Markdown, "e.md".into()),
                (LinkKind::Markdown, "v.mp4".into()),
            ]
        );
    }
}
