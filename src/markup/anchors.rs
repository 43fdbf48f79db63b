//! The one reader of the anchors that raw HTML defines, used by link checking (through the
//! analysis) and by the handout, so that both agree on which `#fragment`s land somewhere.
//! In: HTML. Out: the values of every `id` and of `name` on `<a>` (the elements a browser
//! scrolls to, by the HTML standard's "find a potential indicated element"), decoded as a
//! browser decodes attributes, in document order, each with where its element starts (for the
//! first Markdown pass, which places them among the body's other ids). HTML is read with
//! lol_html as browsers read it: nothing inside a comment, a `<script>`, a `<textarea>` or an
//! attribute value counts.

use crate::util::html::decode_attribute;
use lol_html::errors::RewritingError;
use lol_html::html_content::Element;
use lol_html::{element, HtmlRewriter, Settings};

/// The elements [`push_anchors`] reads, as a lol_html selector.
pub(crate) const ANCHOR_ELEMENTS: &str = "[id], a[name]";

/// Appends the anchors `el` defines to `ids` (for a handler on [`ANCHOR_ELEMENTS`]).
pub(crate) fn push_anchors(el: &Element<'_, '_>, ids: &mut Vec<String>) {
    let is_a = el.tag_name() == "a";
    for attr in el.attributes() {
        let name = attr.name();
        if name == "id" || (is_a && name == "name") {
            let value = attr.value();
            if !value.is_empty() {
                ids.push(decode_attribute(&value).into_owned());
            }
        }
    }
}

/// Every anchor in `html`, in document order, with where its element starts in `html`.
pub(crate) fn anchors_in(html: &str) -> Result<Vec<(usize, String)>, RewritingError> {
    let mut ids = Vec::new();
    let handler = |el: &mut Element<'_, '_>| {
        let mut found = Vec::new();
        push_anchors(el, &mut found);
        let at = el.source_location().bytes().start;
        ids.extend(found.into_iter().map(|id| (at, id)));
        Ok(())
    };
    read_elements(html, ANCHOR_ELEMENTS, handler)?;
    Ok(ids)
}

/// Reads `html` as a browser does, calling `handler` on each element `selector` matches; for
/// the readers of raw HTML that change nothing (this one and [`super::html_links`]).
pub(crate) fn read_elements(
    html: &str,
    selector: &str,
    handler: impl FnMut(&mut Element<'_, '_>) -> lol_html::HandlerResult,
) -> Result<(), RewritingError> {
    // Not strict: where lol_html cannot be sure how a browser reads some markup, it guesses,
    // as the handout's reading of the same HTML does.
    let settings = Settings::new()
        .append_element_content_handler(element!(selector, handler))
        .with_strict(false);
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(html.as_bytes())?;
    rewriter.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_read_as_a_browser_reads_them() {
        let html = "a < b <!-- <x id=\"no\"> --> <p ID='one' class=x>t</p><br/><svg viewBox=\"0 0 1 1\"><text id=two>x</text></svg> & <3 \
                    <script>if (a < b) { x = '<p id=\"q\">'; }</script><style>p[id=r] {}</style>\
                    <A Name=\"th&amp;ree\" href='#x'>x</A><input name=no><b data-id=no></b>\
                    <textarea><b id=no></textarea><p id=\"\">";
        let found = anchors_in(html).unwrap();
        let ids: Vec<&str> = found.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["one", "two", "th&ree"]);
        // Each where its element starts.
        for (at, _) in &found {
            assert!(html[*at..].starts_with(['<']), "{}", &html[*at..]);
        }
        assert!(html[found[0].0..].starts_with("<p ID='one'"));
    }
}
