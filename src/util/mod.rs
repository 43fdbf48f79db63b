//! The bottom layer: small helpers with no knowledge of notes or sites. In: text, paths and
//! errors. Out: diagnostics with `file:line:col` ([`error`]), paths that stay inside the output
//! ([`paths`]), hrefs that are always relative and encoded ([`url`]), HTML escaping (`html`),
//! one id allocator (`ids`), media types ([`mime`]),
//! today's date ([`date`]), YAML with positions (`yaml`), progress reports ([`progress`]), what
//! Ctrl-C undoes ([`interrupt`]), and the embedded default templates and static files
//! ([`assets`]).
//! Everything above may import these; they import nothing of ours but each other.

pub mod assets;
pub mod date;
pub mod error;
pub(crate) mod html;
pub(crate) mod ids;
pub mod interrupt;
pub mod mime;
pub mod paths;
pub mod progress;
pub mod url;
pub(crate) mod yaml;
