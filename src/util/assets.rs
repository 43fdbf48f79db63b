//! The default templates and static files, embedded at compile time by `build.rs`. In: a file's
//! name. Out: its built-in bytes; a site's own `templates/` and `static/` folders override them
//! file by file.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// An embedded file by name.
pub fn builtin(
    files: &'static [(&'static str, &'static [u8])],
    name: &str,
) -> Option<&'static [u8]> {
    files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, bytes)| *bytes)
}
