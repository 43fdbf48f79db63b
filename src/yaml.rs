//! Strict YAML: frontmatter, `site.yaml` and comparison blocks all go through here, so a typo in a
//! key or a syntax error is reported the same way everywhere, at the right line of the right file.

use crate::error::{closest, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML snippet sits inside its file, so errors point at the user's line, not the snippet's.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    /// 1-based line of the file on which the YAML text starts.
    pub first_line: usize,
}

/// Parses `text` into `T`, which must deny unknown fields. `known` are `T`'s keys, used to suggest
/// the intended key when an unknown one is found.
pub fn parse_strict<T: DeserializeOwned + Default>(
    text: &str,
    origin: Origin<'_>,
    what: &str,
    known: &[&str],
) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(&e, origin, what, known))
}

pub fn yaml_diagnostic(
    e: &serde_yaml::Error,
    origin: Origin<'_>,
    what: &str,
    known: &[&str],
) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; we report the position ourselves, in file terms.
    let message = full
        .find(" at line ")
        .map_or(full.as_str(), |i| &full[..i])
        .to_string();
    let mut diag = Diagnostic::error(format!("invalid {what}: {message}")).in_file(origin.path);
    if let Some(loc) = e.location() {
        diag = diag.at(origin.first_line + loc.line() - 1, loc.column());
    } else {
        diag = diag.at(origin.first_line, 1);
    }
    if let Some(key) = unknown_key(&message) {
        diag.message = format!("unknown {what} key `{key}`");
        let list = known.join(", ");
        diag = match closest(key, known.iter().copied()) {
            Some(k) => diag.with_help(format!("did you mean `{k}`? Known keys: {list}")),
            None => diag.with_help(format!("remove it; known keys are: {list}")),
        };
    } else if message.contains("did not find expected") || message.contains("mapping values") {
        diag = diag.with_help("check the indentation and quote values that contain `: ` or `#`");
    }
    diag
}

fn unknown_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.find('`').map(|end| &rest[..end])
}
