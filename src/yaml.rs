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
    check_bounds(text, origin, what)?;
    serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(&e, origin, what, known))
}

/// No frontmatter, comparison or `site.yaml` comes near this; the bound keeps a hostile file
/// from costing more than a moment.
pub const MAX_BYTES: usize = 64 * 1024;

/// libyaml looks at every open `[` and `{` again at each token, so its time grows with the
/// length times the nesting: 40,000 `[` took 35 s. Real YAML nests a few levels.
pub const MAX_NESTING: usize = 64;

/// Refuses YAML that is too long or nested too deep to parse quickly, before it is parsed.
pub fn check_bounds(text: &str, origin: Origin<'_>, what: &str) -> Result<(), Diagnostic> {
    if text.len() > MAX_BYTES {
        return Err(Diagnostic::error(format!(
            "{what} is {} KB long; at most {} KB is read",
            text.len().div_ceil(1024),
            MAX_BYTES / 1024
        ))
        .in_file(origin.path)
        .at(origin.first_line, 1)
        .with_help("shorten it: long text belongs in the Markdown of a note, not in YAML"));
    }
    // An upper bound of the flow nesting: brackets inside quotes count too, which real YAML
    // never has 64 of.
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        for (column, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => continue,
            }
            if depth > MAX_NESTING {
                return Err(Diagnostic::error(format!(
                    "{what} nests `[` and `{{` more than {MAX_NESTING} deep"
                ))
                .in_file(origin.path)
                .at(origin.first_line + i, column + 1)
                .with_help("close the brackets opened before this one, or quote the value"));
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(text: &str) -> Result<(), Diagnostic> {
        let origin = Origin {
            path: Path::new("n.md"),
            first_line: 2,
        };
        check_bounds(text, origin, "frontmatter")
    }

    #[test]
    fn long_or_deep_yaml_is_refused_where_it_starts_or_goes_too_deep() {
        assert!(bounds(&format!("title: {}", "a".repeat(MAX_BYTES - 7))).is_ok());
        let long = bounds(&format!("title: {}", "a".repeat(MAX_BYTES))).unwrap_err();
        assert_eq!(
            long.message,
            "frontmatter is 65 KB long; at most 64 KB is read"
        );
        assert_eq!((long.line, long.column), (Some(2), Some(1)));

        let nested = format!(
            "tags: {}{}",
            "[".repeat(MAX_NESTING),
            "]".repeat(MAX_NESTING)
        );
        assert!(bounds(&nested).is_ok());
        assert!(bounds(&"[a], ".repeat(1000)).is_ok());
        let deep = bounds(&format!("title: A\ntags: {}", "[{".repeat(1000))).unwrap_err();
        assert_eq!(
            deep.message,
            "frontmatter nests `[` and `{` more than 64 deep"
        );
        assert_eq!((deep.line, deep.column), (Some(3), Some(71)));
    }
}
