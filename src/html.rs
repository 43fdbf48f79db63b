//! Small HTML helpers shared by the stages that write markup by hand.

/// Escapes text for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Escapes a URL for an `href`/`src` attribute (percent-encodes what needs it, keeps `/#?&`).
pub fn escape_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}
