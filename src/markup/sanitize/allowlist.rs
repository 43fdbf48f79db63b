//! The sanitizer's allowlist, as data. In: nothing. Out: the elements, attributes, URL-valued
//! attributes, style properties and CSS functions a note's HTML may hold (the module above
//! builds ammonia's cleaner from them and says why each rule is there).

/// HTML elements a note may use.
pub(super) const HTML_TAGS: &[&str] = &[
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
pub(super) const GLOBAL_ATTRS: &[&str] = &["class", "id", "title", "lang", "dir", "role", "style"];
/// Attribute prefixes any element may have: `aria-*` and `data-*` (the comparison tables'
/// `data-label`, the code blocks' `data-lang`). Without script, neither does anything.
pub(super) const GLOBAL_PREFIXES: &[&str] = &["aria-", "data-"];

/// Attributes of particular HTML elements.
pub(super) const HTML_ATTRS: &[(&str, &[&str])] = &[
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
/// of the output (the module above's `url_allowed`), nothing from elsewhere. The handout has
/// none: its rewrite makes every player a link first.
pub(super) const SITE_MEDIA: &[(&str, &[&str])] = &[
    ("audio", &["controls", "src"]),
    ("video", &["controls", "src", "width", "height"]),
];

/// The SVG elements Pikchr writes (`pik_render` and the `*Render` functions of pikchr.c), with
/// their attributes. A diagram uses nothing else: no `<image>`, `<use>`, `<a>` or animation.
pub(super) const SVG: &[(&str, &[&str])] = &[
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
pub(super) const SVG_PAINT: &[&str] = &[
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
pub(super) const SVG_MERMAID: &[(&str, &[&str])] = &[
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
pub(super) const MATHML_TAGS: &[&str] = &[
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
pub(super) const MATHML_ATTRS: &[&str] = &[
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
pub(super) const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "noembed", "noframes",
];

/// Properties a `style` attribute keeps: text, colour, table and list layout (the rules of a
/// formula's `array` are borders of its cells), and the SVG paint Pikchr writes. Not `position` (a note must not cover the page), not the
/// `background` and `list-style` shorthands (they take images).
pub(super) const STYLE_PROPERTIES: &[&str] = &[
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
    "border",
    "border-top",
    "border-right",
    "border-bottom",
    "border-left",
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
pub(super) const CSS_VALUED_ATTRS: &[&str] = &[
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
pub(super) const CSS_FUNCTIONS: &[&str] = &[
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
