//! Comparisons as data: a fenced ```compare block holds YAML naming the things compared and one
//! value per thing for each aspect. In: the block's text. Out: a checked [`Spec`] (note
//! references still unresolved; the assembly resolves them into a
//! [`crate::model::comparison::Comparison`], which [`crate::output::compare`] draws).

use crate::model::comparison::{Row, Spec, ThingSpec};
use crate::util::error::Diagnostic;
use crate::util::yaml::{check_bounds, yaml_diagnostic, Origin};
use serde::Deserialize;
use std::collections::HashSet;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    title: String,
    id: Option<String>,
    things: Vec<RawThing>,
    #[serde(default)]
    rows: Vec<RawRow>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawThing {
    Note(String),
    Detailed {
        note: Option<String>,
        label: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    aspect: Scalar,
    values: Vec<Scalar>,
    note: Option<Scalar>,
}

/// YAML turns `15`, `true` and `1.5` into numbers and booleans; in a table they are just text.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Integer(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

const KEYS: &[&str] = &["title", "id", "things", "rows"];

/// Parses and checks one ```compare block. `first_line` is the file line of the block's first
/// YAML line.
pub fn parse(yaml: &str, origin: Origin<'_>) -> Result<Spec, Diagnostic> {
    let at = |offset: usize, message: String, help: &str| {
        Diagnostic::error(message)
            .in_file(origin.path)
            .at(origin.first_line + offset, 1)
            .with_help(help.to_string())
    };
    if yaml.trim().is_empty() {
        return Err(at(
            0,
            "empty comparison".into(),
            "give it a `title`, the `things` compared and at least one row under `rows`",
        ));
    }
    check_bounds(yaml, origin, "comparison")?;
    let raw: RawSpec =
        serde_yaml::from_str(yaml).map_err(|e| yaml_diagnostic(&e, origin, "comparison", KEYS))?;
    let things: Vec<ThingSpec> = raw
        .things
        .into_iter()
        .map(|t| match t {
            RawThing::Note(note) => ThingSpec {
                note: Some(note),
                label: None,
            },
            RawThing::Detailed { note, label } => ThingSpec { note, label },
        })
        .collect();
    if let Some(i) = things
        .iter()
        .position(|t| t.note.is_none() && t.label.is_none())
    {
        return Err(at(
            line_of(yaml, "things:"),
            format!(
                "thing {} of comparison '{}' has neither `note` nor `label`",
                i + 1,
                raw.title
            ),
            "write a note reference (`- lambda`) or a label (`- label: Virtual machines`)",
        ));
    }
    if things.len() < 2 || raw.rows.is_empty() {
        return Err(at(
            0,
            format!(
                "empty comparison '{}': it needs at least two things and one row",
                raw.title
            ),
            "list the compared notes under `things` and add rows of `aspect` and `values`",
        ));
    }
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(raw.rows.len());
    for raw_row in raw.rows {
        let aspect = raw_row.aspect.into_text();
        let line = line_of_aspect(yaml, &aspect);
        if !seen.insert(aspect.to_lowercase()) {
            return Err(at(
                line,
                format!("duplicate aspect '{aspect}' in comparison '{}'", raw.title),
                "merge the two rows, or give each aspect a distinct name",
            ));
        }
        if raw_row.values.len() != things.len() {
            return Err(at(
                line,
                format!(
                    "row '{aspect}' has {} value{} but the comparison has {} things",
                    raw_row.values.len(),
                    if raw_row.values.len() == 1 { "" } else { "s" },
                    things.len()
                ),
                "give one value per thing, in the order of `things` (use \"\" for none)",
            ));
        }
        rows.push(Row {
            aspect,
            values: raw_row.values.into_iter().map(Scalar::into_text).collect(),
            note: raw_row.note.map(Scalar::into_text),
        });
    }
    Ok(Spec {
        title: raw.title,
        id: raw.id,
        things,
        rows,
        line: origin.first_line,
    })
}

fn line_of(yaml: &str, needle: &str) -> usize {
    yaml.lines().position(|l| l.contains(needle)).unwrap_or(0)
}

fn line_of_aspect(yaml: &str, aspect: &str) -> usize {
    yaml.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("aspect:")
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == aspect)
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_yaml(yaml: &str) -> Result<Spec, Diagnostic> {
        parse(
            yaml,
            Origin {
                path: Path::new("n.md"),
                first_line: 10,
            },
        )
    }

    const GOOD: &str = "title: A vs B\nthings: [a, {label: B}]\nrows:\n  - aspect: Speed\n    values: [fast, 15]\n    note: '*really*'\n";

    #[test]
    fn parses_things_rows_and_scalars() {
        let spec = parse_yaml(GOOD).unwrap();
        assert_eq!(spec.things[0].note.as_deref(), Some("a"));
        assert_eq!(spec.things[1].label.as_deref(), Some("B"));
        assert_eq!(spec.rows[0].values, ["fast", "15"]);
        assert_eq!(spec.markdown().count(), 3);
    }

    #[test]
    fn wrong_value_count_names_the_row_line() {
        let d = parse_yaml("title: T\nthings: [a, b]\nrows:\n  - aspect: X\n    values: [1, 2]\n  - aspect: Y\n    values: [1]\n").unwrap_err();
        assert_eq!(
            d.message,
            "row 'Y' has 1 value but the comparison has 2 things"
        );
        assert_eq!(d.line, Some(15));
    }

    #[test]
    fn duplicate_aspect_is_an_error() {
        let d = parse_yaml("title: T\nthings: [a, b]\nrows:\n  - aspect: X\n    values: [1, 2]\n  - aspect: x\n    values: [1, 2]\n").unwrap_err();
        assert_eq!(d.message, "duplicate aspect 'x' in comparison 'T'");
        assert_eq!(d.line, Some(15));
    }

    #[test]
    fn empty_comparison_is_an_error() {
        assert_eq!(parse_yaml("").unwrap_err().message, "empty comparison");
        let d = parse_yaml("title: T\nthings: [a, b]\n").unwrap_err();
        assert!(
            d.message.starts_with("empty comparison 'T'"),
            "{}",
            d.message
        );
    }

    #[test]
    fn unknown_key_is_an_error() {
        let d = parse_yaml("title: T\nthigns: [a, b]\n").unwrap_err();
        assert_eq!(d.message, "unknown comparison key `thigns`");
        assert_eq!(d.line, Some(11));
    }
}
