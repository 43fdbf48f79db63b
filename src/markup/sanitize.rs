//! The sanitizer: an allowlist of what a note's HTML may hold in the handout and on a site page,
//! which must run nothing and load nothing from elsewhere, whatever raw HTML a note holds.
//!
//! In: an HTML fragment: a note's body as the handout's rewrite left it (ids prefixed, links
//! pointing into the handout, images as `data:` URIs), or a site page's body ([`Policy::Site`]:
//! relative links and images besides). Out: the same fragment, parsed as a browser parses it
//! (html5ever, through ammonia) and written out again with only:
//!
//! - the elements of text, tables, lists, figures, code, `<details>` and callouts
//!   ([`HTML_TAGS`]); the SVG elements and attributes Pikchr and Mermaid write for diagrams
//!   ([`SVG`], [`SVG_MERMAID`]; arrowhead markers referenced only as `url(#id)`);
//!   MathML Core ([`MATHML_TAGS`]). Any other element is dropped and its content kept, except
//!   `<script>`, `<style>` and the like ([`DROPPED_WITH_CONTENT`]), which go with it;
//! - links to `http:`, `https:`, `mailto:` and in-document `#anchors`, and images that are
//!   `data:image/` URIs (the handout embeds the notes' images itself); other URLs are dropped;
//! - `style` attributes with the properties of [`STYLE_PROPERTIES`], whose values are plain
//!   words, numbers and colours (`plain_css`): no `url()`, no `image-set()`, no escapes.
//!
//! No attribute runs script (no `on*`), no element fetches anything (no `<iframe>`, `<object>`,
//! `<embed>`, `<link>`, SVG `<image>`, `<feImage>` or `<use>`; a site page's `<audio>` and
//! `<video>` play files of the output only, [`SITE_MEDIA`]), and nothing can change an
//! attribute later (no SVG `<set>` or `<animate>`). Comments are kept, so that a caller can leave
//! markers in the fragment (see `Code` in `handout.rs`); they are inert.

use ammonia::{Builder, Url, UrlRelative};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// HTML elements a note may use.
pub const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    // Task lists: `<input type="checkbox" disabled>`.
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any element may have.
const GLOBAL_ATTRS: &[&str] = &["class", "id", "title", "lang", "dir", "role", "style"];
/// Attribute prefixes any element may have: `aria-*` and `data-*` (the comparison tables'
/// `data-label`, the code blocks' `data-lang`). Without script, neither does anything.
const GLOBAL_PREFIXES: &[&str] = &["aria-", "data-"];

/// Attributes of particular HTML elements.
const HTML_ATTRS: &[(&str, &[&str])] = &[
    ("a", &["href", "name", "rel"]),
    ("img", &["src", "alt", "width", "height"]),
    // Wide code blocks scroll by keyboard.
    ("pre", &["tabindex"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("input", &["checked", "disabled"]),
];

/// Players a site page may hold (`![[talk.mp3]]`, `![[clip.mp4]]`): their `src` must be a file
/// of the output ([`url_allowed`]), nothing from elsewhere. The handout has none: its rewrite
/// makes every player a link first.
const SITE_MEDIA: &[(&str, &[&str])] = &[
    ("audio", &["controls", "src"]),
    ("video", &["controls", "src", "width", "height"]),
];

/// The SVG elements Pikchr writes (`pik_render` and the `*Render` functions of pikchr.c), with
/// their attributes. A diagram uses nothing else: no `<image>`, `<use>`, `<a>` or animation.
pub const SVG: &[(&str, &[&str])] = &[
    ("svg", &["xmlns", "viewBox", "width", "height"]),
    ("path", &["d"]),
    ("circle", &["cx", "cy", "r"]),
    ("ellipse", &["cx", "cy", "rx", "ry"]),
    ("polygon", &["points"]),
    (
        "text",
        &[
            "x",
            "y",
            "text-anchor",
            "dominant-baseline",
            "font-style",
            "font-weight",
            "font-family",
            "font-size",
            "fill",
            "transform",
        ],
    ),
];

/// Paint and geometry attributes Mermaid writes on every shape (see [`SVG_MERMAID`]).
const SVG_PAINT: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "opacity",
    "transform",
    "marker-start",
    "marker-mid",
    "marker-end",
];

/// The SVG elements and attributes mermaid-rs-renderer writes for ```` ```mermaid ```` blocks
/// ([`crate::markup::mermaid`]), on top of [`SVG`]'s, each element with [`SVG_PAINT`] as well.
/// Markers draw arrowheads; a `marker-*` attribute may only name one in the document
/// (`url(#id)`).
pub const SVG_MERMAID: &[(&str, &[&str])] = &[
    ("g", &[]),
    ("defs", &[]),
    (
        "marker",
        &[
            "viewBox",
            "refX",
            "refY",
            "markerUnits",
            "markerWidth",
            "markerHeight",
            "orient",
        ],
    ),
    ("rect", &["x", "y", "width", "height", "rx", "ry"]),
    ("line", &["x1", "y1", "x2", "y2"]),
    ("polyline", &["points"]),
    ("path", &[]),
    ("circle", &[]),
    ("ellipse", &[]),
    ("polygon", &[]),
    ("text", &["dx", "dy"]),
    (
        "tspan",
        &[
            "x",
            "y",
            "dx",
            "dy",
            "text-anchor",
            "font-style",
            "font-weight",
            "font-family",
            "font-size",
        ],
    ),
];

/// MathML Core (and `menclose`, `mfenced`, which converters from LaTeX write): formulas, which
/// can neither run nor load anything. Not `<annotation-xml>`, which may hold HTML or SVG, nor
/// `<maction>`.
pub const MATHML_TAGS: &[&str] = &[
    "math",
    "annotation",
    "menclose",
    "merror",
    "mfenced",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
];

/// The attributes of MathML elements (MathML Core's, and the layout ones of MathML 3), none of
/// which is a URL.
const MATHML_ATTRS: &[&str] = &[
    "display",
    "displaystyle",
    "mathvariant",
    "mathsize",
    "mathcolor",
    "mathbackground",
    "scriptlevel",
    "accent",
    "accentunder",
    "fence",
    "form",
    "largeop",
    "lspace",
    "rspace",
    "maxsize",
    "minsize",
    "movablelimits",
    "separator",
    "separators",
    "stretchy",
    "symmetric",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "columnlines",
    "rowlines",
    "columnspacing",
    "rowspacing",
    "frame",
    "framespacing",
    "width",
    "height",
    "depth",
    "voffset",
    "notation",
    "open",
    "close",
    "encoding",
    "alttext",
];

/// Elements dropped with everything in them: what they hold is code, a stylesheet, or text
/// meant for a browser without script or frames.
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "noembed", "noframes",
];

/// Properties a `style` attribute keeps: text, colour, table and list layout, and the SVG
/// paint Pikchr writes. Not `position` (a note must not cover the page), not the
/// `background` and `list-style` shorthands (they take images).
pub const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "text-align",
    "vertical-align",
    "text-decoration",
    "font-style",
    "font-weight",
    "font-size",
    "font-family",
    "font-variant",
    "white-space",
    "width",
    "height",
    "min-width",
    "max-width",
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-collapse",
    "list-style-type",
    "display",
    "opacity",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-opacity",
    "text-anchor",
    "dominant-baseline",
];

/// SVG attributes whose value is CSS, checked as a `style` value is.
const CSS_VALUED_ATTRS: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "opacity",
    "transform",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
];

/// The CSS functions a value may call: colours and SVG transforms, none of which loads.
const CSS_FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "rotate",
    "translate",
    "scale",
    "matrix",
    "skewx",
    "skewy",
];

/// Where the fragment goes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The handout: one file, so every link is absolute or an anchor, every image embedded.
    Handout,
    /// A site page: relative links to pages and relative images (files of the output) too.
    Site,
}

/// `html`, an HTML fragment, with only what `policy` allows (see the module's doc).
pub fn clean(html: &str, policy: Policy) -> String {
    match policy {
        Policy::Handout => HANDOUT.clean(html).to_string(),
        Policy::Site => SITE.clean(html).to_string(),
    }
}

/// Whether a link may be made to `url` for what an element would have shown from elsewhere
/// (an `<iframe>`, a remote image): an absolute `http:` or `https:` URL.
pub fn is_web_url(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

static HANDOUT: LazyLock<Builder<'static>> = LazyLock::new(|| builder(Policy::Handout));
static SITE: LazyLock<Builder<'static>> = LazyLock::new(|| builder(Policy::Site));

fn builder(policy: Policy) -> Builder<'static> {
    let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (tag, attrs) in HTML_ATTRS.iter().chain(SVG) {
        tag_attributes.entry(tag).or_default().extend(attrs.iter());
    }
    for (tag, attrs) in SVG_MERMAID {
        let allowed = tag_attributes.entry(tag).or_default();
        allowed.extend(attrs.iter().chain(SVG_PAINT));
    }
    for tag in MATHML_TAGS {
        tag_attributes
            .entry(tag)
            .or_default()
            .extend(MATHML_ATTRS.iter());
    }
    let media = match policy {
        Policy::Site => SITE_MEDIA,
        Policy::Handout => &[],
    };
    for (tag, attrs) in media {
        tag_attributes.entry(tag).or_default().extend(attrs.iter());
    }
    let mut builder = Builder::empty();
    builder
        .tags(
            HTML_TAGS
                .iter()
                .chain(
                    SVG.iter()
                        .chain(SVG_MERMAID)
                        .chain(media)
                        .map(|(tag, _)| tag),
                )
                .chain(MATHML_TAGS)
                .copied()
                .collect(),
        )
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GLOBAL_ATTRS.iter().copied().collect())
        .generic_attribute_prefixes(GLOBAL_PREFIXES.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("type", HashSet::from(["checkbox"]))]),
        )]))
        // ammonia drops every URL outside these schemes; `attribute` then narrows them down.
        .url_schemes(HashSet::from(["http", "https", "mailto", "data"]))
        .url_relative(UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(false)
        .attribute_filter(move |element, name, value| attribute(policy, element, name, value));
    builder
}

/// The value an allowed attribute keeps (`None` drops it): URLs and CSS are checked here.
fn attribute<'v>(
    policy: Policy,
    element: &str,
    name: &str,
    value: &'v str,
) -> Option<Cow<'v, str>> {
    match name {
        // (`xlink:href` arrives here as `href`: ammonia passes the attribute's local name.)
        "href" | "src" => url_allowed(policy, element, name, value).then_some(Cow::Borrowed(value)),
        "style" => style(value),
        "marker-start" | "marker-mid" | "marker-end" => {
            marker_reference(value).then_some(Cow::Borrowed(value))
        }
        _ if CSS_VALUED_ATTRS.contains(&name) && is_svg_or_mathml(element) => {
            plain_css(value).then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

fn is_svg_or_mathml(element: &str) -> bool {
    SVG.iter()
        .chain(SVG_MERMAID)
        .any(|(tag, _)| *tag == element)
        || MATHML_TAGS.contains(&element)
}

/// `url(#id)`: a marker of the same document, which loads nothing.
fn marker_reference(value: &str) -> bool {
    value
        .trim()
        .strip_prefix("url(#")
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Whether `value` may stay as `element`'s `attribute` (`href` or `src`): links go to the web,
/// to a mail address or to an anchor in the document; images are `data:image/` URIs. On a site
/// page, links and images may also be relative: files of the output, nothing from elsewhere.
fn url_allowed(policy: Policy, element: &str, attribute: &str, value: &str) -> bool {
    // Browsers ignore leading and trailing spaces and control characters, and tabs and line
    // breaks anywhere; the URL parser does the same.
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    if attribute == "href" && trimmed.starts_with('#') {
        return true;
    }
    let Ok(url) = Url::parse(value) else {
        // Relative URLs (no scheme, as the URL standard reads them): the handout's rewrite has
        // made those it can follow into anchors; a site page's point at files of the output.
        // `//host/x` (and `\\host`, which browsers read alike) is another site, not a file.
        let other_host =
            trimmed.chars().take(2).all(|c| c == '/' || c == '\\') && trimmed.len() >= 2;
        let fetches_a_file =
            element == "img" || SITE_MEDIA.iter().any(|(media, _)| *media == element);
        return policy == Policy::Site && !other_host && (attribute == "href" || fetches_a_file);
    };
    match (attribute, url.scheme()) {
        ("href", "http" | "https" | "mailto") => true,
        ("src", "data") => {
            element == "img"
                && url
                    .path()
                    .get(..6)
                    .is_some_and(|mime| mime.eq_ignore_ascii_case("image/"))
        }
        _ => false,
    }
}

/// A `style` attribute with only the declarations of [`STYLE_PROPERTIES`] whose value is
/// [`plain_css`] (as it was when it has no other); `None` when none is left.
fn style(value: &str) -> Option<Cow<'_, str>> {
    let mut kept = Vec::new();
    let mut dropped = false;
    for declaration in value.split(';').filter(|d| !d.trim().is_empty()) {
        let allowed = declaration.split_once(':').and_then(|(name, value)| {
            let name = name.trim().to_ascii_lowercase();
            let value = value.trim();
            (STYLE_PROPERTIES.contains(&name.as_str()) && !value.is_empty() && plain_css(value))
                .then(|| format!("{name}:{value}"))
        });
        match allowed {
            Some(declaration) => kept.push(declaration),
            None => dropped = true,
        }
    }
    match (kept.is_empty(), dropped) {
        (true, _) => None,
        (false, false) => Some(Cow::Borrowed(value)),
        (false, true) => Some(Cow::Owned(kept.join(";"))),
    }
}

/// Whether a CSS value is plain: words, numbers, units, `#colours`, commas, and calls of
/// [`CSS_FUNCTIONS`] that hold no other call. Nothing a browser could decode into something
/// else (no backslash escape, no quote, no comment) and nothing that loads (`url()`,
/// `image-set()`, `@import`).
fn plain_css(value: &str) -> bool {
    let mut in_call = false;
    let mut word_start = 0;
    for (i, c) in value.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' | '-' => {}
            '0'..='9' | '.' | '%' | '+' | '#' | ',' | ' ' => word_start = i + 1,
            '(' => {
                let function = &value[word_start..i];
                if in_call
                    || !CSS_FUNCTIONS
                        .iter()
                        .any(|f| f.eq_ignore_ascii_case(function))
                {
                    return false;
                }
                in_call = true;
                word_start = i + 1;
            }
            ')' if in_call => {
                in_call = false;
                word_start = i + 1;
            }
            _ => return false,
        }
    }
    !in_call
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_pikchr_draws_is_kept_whole() {
        let svg = crate::markup::diagram::render(
            "box \"S3\" fill lightblue; arrow dashed; circle \"λ\" bold; ellipse \"q\" italic; \
             line dotted; text \"mono\" mono; arrow from 1st box.s down then right \"on path\" aligned",
        )
        .unwrap();
        let html = format!("<figure class=\"diagram\">{svg}</figure>");
        let cleaned = clean(&html, Policy::Handout);
        let reparsed = |html: &str| {
            scraper::Html::parse_fragment(html)
                .root_element()
                .descendants()
                .filter_map(|n| n.value().as_element().map(|e| format!("{e:?}")))
                .collect::<Vec<_>>()
        };
        assert_eq!(reparsed(&cleaned), reparsed(&html), "{cleaned}");
    }

    #[test]
    fn urls_keep_the_web_mail_anchors_and_embedded_images() {
        for (element, attribute, value, kept) in [
            ("a", "href", "https://example.com/x", true),
            ("a", "href", "HTTP://example.com/", true),
            ("a", "href", "mailto:a@example.com", true),
            ("a", "href", "#compute--vms", true),
            ("a", "href", " \t#x", true),
            ("a", "href", "javascript:alert(1)", false),
            ("a", "href", "JaVaScRiPt:alert(1)", false),
            ("a", "href", "java\tscript:alert(1)", false),
            ("a", "href", "\u{1}javascript:alert(1)", false),
            (
                "a",
                "href",
                "data:text/html,<script>alert(1)</script>",
                false,
            ),
            ("a", "href", "data:image/png;base64,AAAA", false),
            ("a", "href", "//example.com/x", false),
            ("a", "href", "notes/a.md", false),
            ("a", "href", "file:///etc/passwd", false),
            ("img", "src", "data:image/png;base64,AAAA", true),
            ("img", "src", "DATA:Image/SVG+xml;base64,AAAA", true),
            ("img", "src", "data:text/html;base64,AAAA", false),
            ("img", "src", "https://example.com/x.png", false),
            ("img", "src", "#x", false),
        ] {
            assert_eq!(
                url_allowed(Policy::Handout, element, attribute, value),
                kept,
                "{element} {attribute}={value:?}"
            );
        }
    }

    #[test]
    fn site_pages_keep_relative_links_and_images_but_nothing_from_elsewhere() {
        for (element, attribute, value, kept) in [
            ("a", "href", "../serverless/lambda.html#cold-starts", true),
            ("a", "href", "./Note:%20intro.html", true),
            ("img", "src", "diagram.png", true),
            ("img", "src", "https://example.com/x.png", false),
            ("img", "src", "//evil.example/x.png", false),
            ("img", "src", "\\\\evil.example/x.png", false),
            ("audio", "src", "../Attachments/talk.mp3", true),
            ("video", "src", "clip.mp4", true),
            ("audio", "src", "https://example.com/talk.mp3", false),
            ("video", "src", "//evil.example/clip.mp4", false),
            ("video", "src", "data:video/mp4;base64,AAAA", false),
            ("source", "src", "clip.mp4", false),
            ("a", "href", "javascript:alert(1)", false),
            ("a", "href", "https://example.com/", true),
        ] {
            assert_eq!(
                url_allowed(Policy::Site, element, attribute, value),
                kept,
                "{element} {attribute}={value:?}"
            );
        }
    }

    #[test]
    fn css_values_are_plain_or_dropped() {
        for value in [
            "red",
            "rgb(0,0,0)",
            "RGBA(1, 2, 3, .5)",
            "#fff",
            "1.5em",
            "-2px 0 10%",
            "rotate(-90 10 20)",
            "initial",
            "x-large",
        ] {
            assert!(plain_css(value), "{value}");
        }
        for value in [
            "url(https://example.com/x)",
            "URL(x)",
            "u\\72l(x)",
            "image-set('x' 1x)",
            "-webkit-image-set(x 1x)",
            "rgb(url(x))",
            "expression(alert(1))",
            "red /* x */",
            "\"x\"",
            "(x)",
            "rgb(0,0,0",
            "var(--x)",
            "@import x",
        ] {
            assert!(!plain_css(value), "{value}");
        }
        assert_eq!(
            style("text-align: left").as_deref(),
            Some("text-align: left")
        );
        assert_eq!(
            style("fill:none;stroke-width:2.16;stroke:rgb(0,0,0);").as_deref(),
            Some("fill:none;stroke-width:2.16;stroke:rgb(0,0,0);")
        );
        assert_eq!(
            style("COLOR: red; background: URL(https://x/y); position: fixed").as_deref(),
            Some("color:red")
        );
        assert_eq!(style("background-image: url(data:image/png,x)"), None);
    }

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://example.com/v"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("video.mp4"));
    }
}
