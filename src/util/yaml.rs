//! YAML: frontmatter, `site.yaml` and comparison blocks all go through here, so a typo in a key
//! or a syntax error is reported the same way everywhere, at the right line of the right file.
//! In: a YAML snippet and where it sits in its file. Out: the parsed value (strictly into a type
//! for `site.yaml` and comparisons, as a [`serde_yaml::Mapping`] for frontmatter, which reads its
//! keys one by one), the line and column of each top-level key's value, or a [`Diagnostic`].

use crate::util::error::{closest, Diagnostic};
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

/// Parses `text` as a mapping of keys to values, or nothing (an empty or comment-only snippet).
pub fn parse_mapping(
    text: &str,
    origin: Origin<'_>,
    what: &str,
) -> Result<serde_yaml::Mapping, Diagnostic> {
    check_bounds(text, origin, what)?;
    if text.trim().is_empty() {
        return Ok(serde_yaml::Mapping::new());
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(&e, origin, what, &[]))?;
    match value {
        serde_yaml::Value::Null => Ok(serde_yaml::Mapping::new()),
        serde_yaml::Value::Mapping(map) => Ok(map),
        _ => Err(
            Diagnostic::error(format!("{what} must be `key: value` lines"))
                .in_file(origin.path)
                .at(origin.first_line, 1)
                .with_help("write one `key: value` per line, for example `title: AWS Lambda`"),
        ),
    }
}

/// A top-level key as written on its line.
#[derive(Debug, PartialEq)]
pub struct KeyLine<'t> {
    pub key: String,
    /// 1-based line of the file.
    pub line: usize,
    /// 1-based column of the file where its value starts (or would start).
    pub column: usize,
    /// What follows the colon on that line, trimmed.
    pub rest: &'t str,
}

/// The top-level keys written in block style (`key: value` at the start of a line, as
/// frontmatter always is), with where their values start. serde_yaml's values carry no
/// position, so errors about a value are placed with this.
pub fn key_lines<'t>(text: &'t str, origin: Origin<'_>) -> Vec<KeyLine<'t>> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((key, rest)) = block_key(line) else {
            continue;
        };
        let value_start = line.len() - rest.trim_start().len();
        found.push(KeyLine {
            key,
            line: origin.first_line + i,
            column: line[..value_start].chars().count() + 1,
            rest: rest.trim(),
        });
    }
    found
}

/// `key` and what follows its colon, for a line `key: value` (the key plain or quoted).
fn block_key(line: &str) -> Option<(String, &str)> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '?' | '{' | '[' | '|' | '>') {
        return None;
    }
    if first == '"' || first == '\'' {
        let end = line[1..].find(first)? + 1;
        let rest = line[end + 1..].trim_start().strip_prefix(':')?;
        return Some((line[1..end].to_string(), rest));
    }
    // A plain key ends at the first `: ` (or a colon ending the line).
    let colon = line
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?;
    Some((line[..colon].trim_end().to_string(), &line[colon + 1..]))
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

    #[test]
    fn key_lines_point_past_the_colon() {
        let origin = Origin {
            path: Path::new("n.md"),
            first_line: 2,
        };
        let text = "title: A\ntags:\n  - x\n\"odd: key\":  v\nurl: http://x\n# note: no\n";
        let found: Vec<(String, usize, usize, &str)> = key_lines(text, origin)
            .into_iter()
            .map(|k| (k.key, k.line, k.column, k.rest))
            .collect();
        assert_eq!(
            found,
            [
                ("title".to_string(), 2, 8, "A"),
                ("tags".to_string(), 3, 6, ""),
                ("odd: key".to_string(), 5, 14, "v"),
                ("url".to_string(), 6, 6, "http://x"),
            ]
        );
    }

    #[test]
    fn a_mapping_or_nothing() {
        let origin = Origin {
            path: Path::new("n.md"),
            first_line: 2,
        };
        assert!(parse_mapping("# only a comment\n", origin, "frontmatter")
            .unwrap()
            .is_empty());
        let d = parse_mapping("- a\n- b\n", origin, "frontmatter").unwrap_err();
        assert_eq!(d.message, "frontmatter must be `key: value` lines");
        assert_eq!(d.line, Some(2));
    }
}
