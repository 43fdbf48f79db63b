//! TOML frontmatter, as Hugo and Zola write it between `+++` lines. In: the header's text and
//! where it starts in the file. Out: the mapping and the key lines the YAML reader gives (YAML
//! values; each top-level key's line, and the column and text of its value), so that one
//! reader checks both and places its messages alike; or the TOML error at its `line:col`.
//! Dates and times are their text (`2026-11-22`). Zola keeps tags under `[taxonomies]`:
//! `tags` there is the note's tags when the top level has none.

use crate::util::error::Diagnostic;
use crate::util::yaml::{check_bounds, KeyLine, Origin};
use serde_yaml::{Mapping, Value};
use toml_edit::{Document, Item, Table};

/// The frontmatter in `text`, read.
pub(super) fn read<'t>(
    text: &'t str,
    origin: Origin<'_>,
) -> Result<(Mapping, Vec<KeyLine<'t>>), Diagnostic> {
    check_bounds(text, origin, "frontmatter")?;
    let at = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = origin.first_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    };
    let document = Document::parse(text).map_err(|e| {
        let (line, column) = at(e.span().map_or(0, |s| s.start));
        Diagnostic::error(format!(
            "frontmatter is not valid TOML: {}",
            e.message().trim_end()
        ))
        .in_file(origin.path)
        .at(line, column)
        .with_help("fix the TOML between the `+++` lines, for example `title = \"AWS Lambda\"`")
    })?;
    let top = document.as_table();
    let mut map = Mapping::new();
    let mut lines = Vec::new();
    let mut add = |table: &Table, key: &str, item: &Item| {
        if let Some(span) = item.span() {
            let start = table
                .key(key)
                .and_then(|k| k.span())
                .map_or(span.start, |k| k.start);
            let (line, _) = at(start);
            let (_, column) = at(span.start);
            lines.push(KeyLine {
                key: key.to_string(),
                line,
                column,
                rest: text[span].trim(),
            });
        }
        map.insert(Value::String(key.to_string()), value(item));
    };
    for (key, item) in top.iter() {
        add(top, key, item);
    }
    if !top.contains_key("tags") {
        if let Some(taxonomies) = top.get("taxonomies").and_then(Item::as_table) {
            if let Some(tags) = taxonomies.get("tags") {
                add(taxonomies, "tags", tags);
            }
        }
    }
    Ok((map, lines))
}

/// A TOML item as the YAML reader would have read the same value.
fn value(item: &Item) -> Value {
    match item {
        Item::None => Value::Null,
        Item::Value(v) => from_value(v),
        Item::Table(t) => Value::Mapping(
            t.iter()
                .map(|(k, i)| (Value::String(k.to_string()), value(i)))
                .collect(),
        ),
        Item::ArrayOfTables(a) => {
            Value::Sequence(a.iter().map(|t| value(&Item::Table(t.clone()))).collect())
        }
    }
}

fn from_value(v: &toml_edit::Value) -> Value {
    use toml_edit::Value as T;
    match v {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::Number((*i.value()).into()),
        T::Float(f) => Value::Number((*f.value()).into()),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Datetime(d) => Value::String(d.value().to_string()),
        T::Array(a) => Value::Sequence(a.iter().map(from_value).collect()),
        T::InlineTable(t) => Value::Mapping(
            t.iter()
                .map(|(k, v)| (Value::String(k.to_string()), from_value(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn origin() -> Origin<'static> {
        Origin {
            path: Path::new("n.md"),
            first_line: 2,
        }
    }

    #[test]
    fn values_and_where_they_are() {
        let text = "title = \"Lambda\"\ndate = 2024-01-02\nweight = 3\ndraft = false\n[taxonomies]\ntags = [\"aws\", \"serverless\"]\n";
        let (map, lines) = read(text, origin()).unwrap();
        assert_eq!(map["title"], Value::String("Lambda".into()));
        assert_eq!(map["date"], Value::String("2024-01-02".into()));
        assert_eq!(map["weight"], Value::Number(3.into()));
        assert_eq!(map["draft"], Value::Bool(false));
        assert_eq!(
            map["tags"],
            Value::Sequence(vec!["aws".into(), "serverless".into()])
        );
        let title = &lines[0];
        assert_eq!(
            (title.key.as_str(), title.line, title.column, title.rest),
            ("title", 2, 9, "\"Lambda\"")
        );
        let tags = lines.iter().find(|l| l.key == "tags").unwrap();
        assert_eq!((tags.line, tags.column), (7, 8));
    }

    #[test]
    fn a_toml_error_is_placed() {
        let e = read("title = \"a\"\ndate = = 2\n", origin()).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message.starts_with("frontmatter is not valid TOML"),
            "{}",
            e.message
        );
    }
}
