//! URLs: every link studysite writes into a page is an [`Href`] made here, and every URL a note
//! writes is [`check`]ed here before it may become a link.
//!
//! In: site paths (relative to the output folder, `/`-separated, not escaped: `a/Note: 1#.html`)
//! and ids; or a URL as a note's author wrote it. Out: an [`Href`] that a browser, on the page it
//! is written on, resolves to exactly that file and id (percent-encoded where a browser would
//! misread a character, `./` before a first segment holding a `:`, which would read as a scheme);
//! or the verdict on the author's URL: [`Checked::Relative`], [`Checked::External`] (`http`,
//! `https`, `mailto`, and `data:` of a raster image), or [`Refused`] (any other scheme:
//! `javascript:`, `vbscript:`, `data:text/html`, `file:`, in any case or obfuscation).

use crate::util::html;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use std::fmt;

/// What a browser would misread in a path segment or a fragment, percent-encoded: controls
/// (a tab or newline is dropped by URL parsers), space and quotes, what starts a query or a
/// fragment (`?`, `#`), `%` itself, `\` (a `/` to browsers in http and file URLs), `|` (a
/// drive letter's colon in file URLs), and what the URL standard encodes in paths anyway.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A URL studysite made, safe to write into an attribute once HTML-escaped (templates do that;
/// hand-written markup calls [`html::escape`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Href(String);

impl Href {
    /// From the page at site path `from` to the file at site path `to` (neither with an empty
    /// segment, as no file name is).
    pub fn between(from: &str, to: &str) -> Href {
        let (ups, rest) = relative(from, to);
        let mut href = String::with_capacity(3 * ups + rest.len() + 2);
        for _ in 0..ups {
            href.push_str("../");
        }
        // `Note: intro.html` would read as the scheme `note:`.
        let first = rest.split('/').next().unwrap_or("");
        if ups == 0 && (first.contains(':') || rest.is_empty()) {
            href.push_str("./");
        }
        push_encoded(&mut href, rest);
        Href(href)
    }

    /// The way from the page at `from` up to the site's root folder: `` or `../../`, for the
    /// templates' `{{ root }}style.css` (studysite's own files, whose names need no escaping).
    pub fn root_of(from: &str) -> Href {
        Href("../".repeat(from.matches('/').count()))
    }

    /// `#id`, on the same page.
    pub fn fragment(id: &str) -> Href {
        let mut href = String::from("#");
        href.extend(utf8_percent_encode(id, UNSAFE));
        Href(href)
    }

    /// The site path `to` under the site's address `base` (which ends with `/`).
    pub fn absolute(base: &str, to: &str) -> Href {
        let mut href = String::from(base);
        push_encoded(&mut href, to);
        Href(href)
    }

    /// This link with `#id` after it.
    pub fn with_fragment(mut self, id: &str) -> Href {
        self.0.push('#');
        self.0.extend(utf8_percent_encode(id, UNSAFE));
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Href {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A site path, percent-encoded as [`Href`]s are: for a URL that is not a link on a page (the
/// `file://` URL Chromium prints a handout from).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded(&mut out, path);
    out
}

fn push_encoded(out: &mut String, path: &str) {
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        // `c:` alone is a Windows drive letter to file URLs, which `..` does not climb out of.
        if let [letter, b':'] = segment.as_bytes() {
            if letter.is_ascii_alphabetic() {
                out.push(*letter as char);
                out.push_str("%3A");
                continue;
            }
        }
        out.extend(utf8_percent_encode(segment, UNSAFE));
    }
}

/// How many folders to climb from `from`'s folder, and the rest of `to` after the folders the
/// two paths share.
fn relative<'t>(from: &str, to: &'t str) -> (usize, &'t str) {
    let from_dirs = from.matches('/').count();
    let to_dirs = to.matches('/').count();
    let mut common = 0;
    let mut rest = to;
    for (a, b) in from
        .split('/')
        .zip(to.split('/'))
        .take(from_dirs.min(to_dirs))
    {
        if a != b {
            break;
        }
        common += 1;
        rest = &rest[b.len() + 1..];
    }
    (from_dirs - common, rest)
}

/// A URL a note wrote that may become a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// No scheme: a path (or `#fragment`, `?query`) relative to the note.
    Relative,
    /// `http:`, `https:`, `mailto:`, a `data:` raster image, or `//host/...`.
    External,
}

/// A URL with a scheme a link may not have: what a browser would run or open as a document
/// (`javascript:`, `vbscript:`, `data:text/html`), or any other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// As a browser reads it: lowercase, without the characters it skips (`javascript`).
    pub scheme: String,
}

impl Refused {
    /// How to fix the link.
    pub fn help(&self) -> String {
        format!(
            "links may be http:, https:, mailto: or relative; if '{}:' begins a file name, write it as ./{}:...",
            self.scheme, self.scheme
        )
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a link with the scheme '{}:' could run a script or leave the site unchecked",
            self.scheme
        )
    }
}

/// The raster image types a `data:` URL may hold (an SVG may hold a script).
const DATA_IMAGES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
];

/// Whether `url` (its character references already decoded, as Markdown's are, else see
/// [`check_attribute`]) may be a link. Read as the URL standard reads it: spaces and controls
/// around it and every tab and newline in it ignored; anything before a `:` that comes before
/// any `/`, `\`, `?` or `#` is a scheme, and one that is not allowed is refused even when it is
/// not a valid scheme (`java\0script:`), to be safe.
pub fn check(url: &str) -> Result<Checked, Refused> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.starts_with(['/', '\\']) && url[1..].starts_with(['/', '\\']) {
        return Ok(Checked::External);
    }
    let Some(end) = url.find([':', '/', '\\', '?', '#']) else {
        return Ok(Checked::Relative);
    };
    if !url[end..].starts_with(':') {
        return Ok(Checked::Relative);
    }
    let scheme = url[..end].to_ascii_lowercase();
    let allowed = match scheme.as_str() {
        "http" | "https" | "mailto" => true,
        "data" => {
            let rest = &url[end + 1..];
            let media = rest.split([';', ',']).next().unwrap_or("");
            DATA_IMAGES.contains(&media.trim().to_ascii_lowercase().as_str())
        }
        _ => false,
    };
    if allowed {
        Ok(Checked::External)
    } else {
        Err(Refused { scheme })
    }
}

/// [`check`] for an attribute value as written in HTML, character references and all
/// (`javascript&#58;...`).
pub fn check_attribute(value: &str) -> Result<Checked, Refused> {
    check(&html::decode_attribute(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn between(from: &str, to: &str) -> String {
        Href::between(from, to).into_string()
    }

    #[test]
    fn hrefs_climb_only_as_needed() {
        assert_eq!(between("index.html", "style.css"), "style.css");
        assert_eq!(between("a/b.html", "style.css"), "../style.css");
        assert_eq!(between("a/b.html", "a/c.html"), "c.html");
        assert_eq!(between("a/b/c.html", "a/x/y.html"), "../x/y.html");
        assert_eq!(between("a/b.html", "a/b/c.html"), "b/c.html");
        assert_eq!(between("a/b/c.html", "a/b/d/e.html"), "d/e.html");
        assert_eq!(between("a/b/c.html", "x.html"), "../../x.html");
        assert_eq!(between("a/b/c.html", "a/bb/c.html"), "../bb/c.html");
    }

    #[test]
    fn what_a_browser_would_misread_is_encoded() {
        assert_eq!(
            between("index.html", "My Notes/café #1?.html"),
            "My%20Notes/caf%C3%A9%20%231%3F.html"
        );
        assert_eq!(between("index.html", "100%.html"), "100%25.html");
        assert_eq!(between("index.html", "a\nb\\c.html"), "a%0Ab%5Cc.html");
        assert_eq!(
            Href::fragment("x y\"%").as_str(),
            "#x%20y%22%25",
            "fragments too"
        );
    }

    #[test]
    fn a_colon_in_the_first_segment_is_not_a_scheme() {
        assert_eq!(
            between("index.html", "javascript:alert(1).html"),
            "./javascript:alert(1).html"
        );
        assert_eq!(
            between("a/b.html", "a/Note: intro.html"),
            "./Note:%20intro.html"
        );
        assert_eq!(between("a/b.html", "c:d.html"), "../c:d.html");
        assert_eq!(between("index.html", "a/c:d.html"), "a/c:d.html");
        // Nor a drive letter, which file URLs would not climb out of.
        assert_eq!(between("index.html", "c:/d.html"), "./c%3A/d.html");
    }

    #[test]
    fn roots_fragments_and_absolute_urls() {
        assert_eq!(Href::root_of("index.html").as_str(), "");
        assert_eq!(Href::root_of("a/b/c.html").as_str(), "../../");
        assert_eq!(
            Href::between("a.html", "b.html")
                .with_fragment("x#y")
                .as_str(),
            "b.html#x%23y"
        );
        assert_eq!(
            Href::absolute("https://x.org/c/", "Note: a.html").as_str(),
            "https://x.org/c/Note:%20a.html"
        );
    }

    #[test]
    fn only_web_and_mail_schemes_pass() {
        for ok in [
            "https://aws.amazon.com/",
            "HTTP://x",
            "mailto:a@b.c",
            "//cdn.example.com/x.js",
            "data:image/png;base64,AAAA",
            " DATA:Image/JPEG,xx",
        ] {
            assert_eq!(check(ok), Ok(Checked::External), "{ok}");
        }
        for relative in [
            "lambda.md",
            "C++.md",
            "a/b:c.md",
            "#x",
            "?q=a:b",
            "./Note: a.md",
        ] {
            assert_eq!(check(relative), Ok(Checked::Relative), "{relative}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JaVaScRiPt:alert(1)", "javascript"),
            (" \u{1}java\tscr\nipt:alert(1)", "javascript"),
            ("vbscript:msgbox", "vbscript"),
            ("data:text/html,<script>", "data"),
            ("data:image/svg+xml,<svg>", "data"),
            ("file:///etc/passwd", "file"),
            ("Note: intro.md", "note"),
            ("java\0script:x", "java\0script"),
        ] {
            assert_eq!(
                check(bad),
                Err(Refused {
                    scheme: scheme.into()
                }),
                "{bad:?}"
            );
        }
    }

    /// A file or folder name: any characters but `/`, often the ones a URL reads specially.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9:#%?&;=@'\" \n\t\r\\|^`{}<>.é€😀\u{1}\u{7f}]{1,8}",
            "[^/]{1,6}",
            Just("javascript:alert(1)".to_string()),
            Just("C|".to_string()),
        ]
        .prop_filter("not a file name", |n| n != "." && n != "..")
    }

    fn site_path() -> impl Strategy<Value = String> {
        proptest::collection::vec(name(), 1..4).prop_map(|parts| parts.join("/"))
    }

    /// The decoded path and fragment a browser reads `href` as, on the page at site path `page`
    /// of a site at `root` (whose URL's path ends in `/`).
    fn browser_target(root: &str, page: &str, href: &Href) -> (String, Option<String>) {
        let base = ::url::Url::parse(root)
            .unwrap()
            .join(&format!("./{}", encode_path(page)))
            .unwrap();
        let target = base.join(href.as_str()).unwrap();
        assert_eq!(target.scheme(), base.scheme(), "{href}");
        assert_eq!(target.host(), base.host(), "{href}");
        assert_eq!(target.query(), None, "{href}");
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .unwrap()
                .into_owned()
        };
        (decode(target.path()), target.fragment().map(decode))
    }

    proptest! {
        /// The URL standard's parser (what browsers run) takes every href to the file and id
        /// meant, on disk and under a web server's sub-path alike.
        #[test]
        fn browsers_resolve_every_href_to_its_file(
            from in site_path(),
            to in site_path(),
            id in "(?s:.{0,6})",
        ) {
            for root in ["file:///home/me/site/", "https://example.org/course/"] {
                let prefix = ::url::Url::parse(root).unwrap().path().to_string();
                let href = Href::between(&from, &to);
                prop_assert_eq!(browser_target(root, &from, &href), (format!("{prefix}{to}"), None));
                let href = href.with_fragment(&id);
                prop_assert_eq!(
                    browser_target(root, &from, &href),
                    (format!("{prefix}{to}"), Some(id.clone()))
                );
                let root_href = Href::root_of(&from);
                let style = Href(format!("{root_href}style.css"));
                prop_assert_eq!(browser_target(root, &from, &style).0, format!("{prefix}style.css"));
            }
        }

        /// Whatever a note's HTML writes, a URL the check lets through has no scheme but
        /// `http`, `https`, `mailto` and `data:` of a raster image, as the URL standard's parser
        /// reads it once a browser's HTML parser (html5ever) has decoded its references.
        #[test]
        fn accepted_urls_have_only_allowed_schemes(
            pieces in proptest::collection::vec(prop_oneof![
                Just("javascript"), Just("JaVaScRiPt"), Just("vbscript"), Just("data"),
                Just("http"), Just("mailto"), Just("file"), Just("java"), Just("script"),
                Just(":"), Just("&#58;"), Just("&colon;"), Just("&#x3A"), Just("&#0058"),
                Just("\t"), Just("\n"), Just("&Tab;"), Just("&NewLine;"), Just("&#9;"),
                Just(" "), Just("\u{1}"), Just("&#106;"), Just("&#X6a"), Just("/"), Just("//"),
                Just("\\"), Just("?"), Just("#"), Just("image/png,"), Just("image/svg+xml,"),
                Just("text/html,"), Just(";base64,"), Just("&amp;"), Just("&"), Just("alert(1)"),
                Just("&fjlig;"), Just("&sol;"), Just("&quest;"), Just("&num;"), Just("x"),
            ], 1..8),
        ) {
            let written = pieces.concat();
            if check_attribute(&written).is_ok() {
                let page = scraper::Html::parse_fragment(&format!("<a href=\"{written}\">x</a>"));
                let a = scraper::Selector::parse("a").unwrap();
                let read = page.select(&a).next().unwrap().value().attr("href").unwrap().to_string();
                if let Ok(parsed) = ::url::Url::parse(&read) {
                    let scheme = parsed.scheme();
                    let raster = scheme == "data"
                        && DATA_IMAGES.iter().any(|t| parsed.path().to_ascii_lowercase().starts_with(t));
                    prop_assert!(
                        ["http", "https", "mailto"].contains(&scheme) || raster,
                        "{:?} was accepted, and a browser reads {:?}", written, read
                    );
                }
            }
        }
    }

    #[test]
    fn attributes_are_read_with_their_character_references() {
        for bad in [
            "javascript&#58;alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A&#x61vascript&colon;x",
            "java&Tab;script:x",
        ] {
            assert!(check_attribute(bad).is_err(), "{bad}");
        }
        assert_eq!(check_attribute("a&amp;b.html"), Ok(Checked::Relative));
    }
}
