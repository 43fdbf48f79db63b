//! Text into safe HTML, shared by the loading stages and the outputs. In: code, diagram source,
//! TeX, a note's raw HTML. Out: highlighted code ([`highlight`]), SVG diagrams ([`diagram`] for
//! Pikchr, [`mermaid`], its colours for dark pages in [`mermaid_colors`], what its parser refuses read
//! as Mermaid reads it in [`mermaid_compat`]), MathML formulas ([`math`]), raw HTML without scripts ([`rawhtml`]) and
//! inside an allowlist ([`sanitize`]), the anchors HTML defines (`anchors`) and the links it writes (`html_links`). These are pure
//! functions over text; they know the model's types but no stage.

pub(crate) mod anchors;
pub mod diagram;
pub mod highlight;
pub(crate) mod html_links;
pub mod math;
pub mod mermaid;
pub mod mermaid_colors;
pub mod mermaid_compat;
pub mod rawhtml;
pub mod sanitize;
