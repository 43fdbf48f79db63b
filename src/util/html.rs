//! Small HTML helpers shared by the stages that write markup by hand. In: text, an attribute
//! value, data for a `<script>`. Out: the text escaped for HTML, the value read as a browser
//! reads it, the data safe inside the `<script>`.

use std::borrow::Cow;

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

/// JSON (as serde_json writes it) made safe to put inside a `<script>` element: `<`, `>` and `&`
/// written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` or `<!--` (which changes how the
/// rest of the element is read) can appear, and U+2028 and U+2029, which end a line in older
/// JavaScript. Outside strings JSON holds none of them, so this changes no value.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Named character references whose text is ASCII, from the HTML standard's table: the ones
/// that can hide a URL's scheme, its `:`, or a tab or newline that URL parsers skip. (The
/// others stand for characters no scheme holds; they are left as written.)
const ASCII_REFERENCES: &[(&str, &str)] = &[
    ("amp;", "&"),
    ("AMP;", "&"),
    ("apos;", "'"),
    ("ast;", "*"),
    ("bsol;", "\\"),
    ("colon;", ":"),
    ("comma;", ","),
    ("commat;", "@"),
    ("DiacriticalGrave;", "`"),
    ("dollar;", "$"),
    ("equals;", "="),
    ("excl;", "!"),
    ("fjlig;", "fj"),
    ("grave;", "`"),
    ("gt;", ">"),
    ("GT;", ">"),
    ("Hat;", "^"),
    ("lbrace;", "{"),
    ("lbrack;", "["),
    ("lcub;", "{"),
    ("lowbar;", "_"),
    ("lpar;", "("),
    ("lsqb;", "["),
    ("lt;", "<"),
    ("LT;", "<"),
    ("midast;", "*"),
    ("NewLine;", "\n"),
    ("num;", "#"),
    ("percnt;", "%"),
    ("period;", "."),
    ("plus;", "+"),
    ("quest;", "?"),
    ("quot;", "\""),
    ("QUOT;", "\""),
    ("rbrace;", "}"),
    ("rbrack;", "]"),
    ("rcub;", "}"),
    ("rpar;", ")"),
    ("rsqb;", "]"),
    ("semi;", ";"),
    ("sol;", "/"),
    ("Tab;", "\t"),
    ("UnderBar;", "_"),
    ("verbar;", "|"),
    ("vert;", "|"),
    ("VerticalLine;", "|"),
];

/// The references a browser also reads without their `;` (unless a letter, digit or `=`
/// follows, in an attribute).
const LEGACY_ASCII: &[(&str, &str)] = &[
    ("amp", "&"),
    ("AMP", "&"),
    ("gt", ">"),
    ("GT", ">"),
    ("lt", "<"),
    ("LT", "<"),
    ("quot", "\""),
    ("QUOT", "\""),
];

/// An attribute value as written in HTML, as the browser reads it: numeric character references
/// (with or without `;`, as the HTML standard decodes them) and every named one whose text is
/// ASCII. A named reference to any other character is left as written: it can neither make
/// nor hide a URL scheme, which is what this is for.
pub fn decode_attribute(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 1..];
        if let Some((text, len)) = reference(rest) {
            out.push_str(&text);
            rest = &rest[len..];
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference `after` (what follows a `&`) starts with: its text and length.
fn reference(after: &str) -> Option<(Cow<'static, str>, usize)> {
    if let Some(number) = after.strip_prefix('#') {
        let (hex, digits) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (true, hex),
            None => (false, number),
        };
        let radix = if hex { 16 } else { 10 };
        let len = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        let code = digits[..len]
            .bytes()
            .try_fold(0u32, |n, b| {
                n.checked_mul(radix)?
                    .checked_add((b as char).to_digit(radix)?)
            })
            .unwrap_or(u32::MAX);
        let semicolon = usize::from(digits[len..].starts_with(';'));
        let consumed = 1 + usize::from(hex) + len + semicolon;
        return Some((Cow::Owned(numeric(code).to_string()), consumed));
    }
    for (name, text) in ASCII_REFERENCES {
        if after.starts_with(name) {
            return Some((Cow::Borrowed(text), name.len()));
        }
    }
    // Followed by a letter or digit, a legacy name is either part of a longer name or, in an
    // attribute, left as written; followed by `=` too.
    LEGACY_ASCII.iter().find_map(|(legacy, text)| {
        let more = after.strip_prefix(legacy)?;
        let continues = more
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '=');
        (!continues).then_some((Cow::Borrowed(*text), legacy.len()))
    })
}

/// The character a numeric reference stands for (the HTML standard's "numeric character
/// reference end state").
fn numeric(code: u32) -> char {
    const WINDOWS_1252: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match code {
        0 => '\u{FFFD}',
        0x80..=0x9F => WINDOWS_1252[(code - 0x80) as usize],
        _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_or_bend_its_script() {
        let json = serde_json::to_string("</script><!--<script>&\u{2028}\u{2029}").unwrap();
        let safe = json_for_script(&json);
        assert!(
            !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{safe}"
        );
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!--<script>&\u{2028}\u{2029}");
    }

    #[test]
    fn references_are_decoded_as_browsers_decode_them_in_attributes() {
        for (written, read) in [
            ("a&amp;b", "a&b"),
            ("&#106;&#X61;&#x76a", "ja\u{76a}"),
            ("&#0000106avascript&colon;", "javascript:"),
            (
                "&#x80;&#0;&#xD800;&#99999999999;",
                "\u{20AC}\u{FFFD}\u{FFFD}\u{FFFD}",
            ),
            ("&amp=x&ampy&amp.&lt;", "&amp=x&ampy&.<"),
            (
                "&colone;&ltri;&nbsp;&#;&#x;&",
                "&colone;&ltri;&nbsp;&#;&#x;&",
            ),
            ("java&Tab;script&NewLine;", "java\tscript\n"),
            ("&fjlig;", "fj"),
        ] {
            assert_eq!(decode_attribute(written), read, "{written}");
        }
    }
}
