//! Reading a frontmatter value as the type its key means. In: a YAML value and its key, with
//! where each key is in the note. Out: the text, names, number, flag, date or page path, or a
//! problem at the value's `file:line:col` (a warning for what is only suspicious, such as a
//! `#tag` YAML read as a comment).

use crate::util::error::Diagnostic;
use crate::util::yaml::KeyLine;
use serde_yaml::Value;
use std::path::Path;

/// Reads values, placing each problem at its key's line.
pub(super) struct Reader<'a, 't> {
    pub(super) path: &'a Path,
    pub(super) lines: Vec<KeyLine<'t>>,
    pub(super) first_line: usize,
    pub(super) problems: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Reader<'_, '_> {
    pub(super) fn line_of(&self, key: &str) -> Option<&KeyLine<'_>> {
        self.lines.iter().find(|l| l.key == key)
    }

    pub(super) fn diagnostic(
        &self,
        key: &str,
        message: String,
        help: String,
        value: bool,
    ) -> Diagnostic {
        let (line, column) = match self.line_of(key) {
            Some(l) if value => (l.line, l.column),
            Some(l) => (l.line, 1),
            None => (self.first_line, 1),
        };
        Diagnostic::error(message)
            .in_file(self.path)
            .at(line, column)
            .with_help(help)
    }

    /// A wrong value, placed where it starts. A template's placeholder (`{{date}}`, Templater's
    /// `<% ... %>`) is wrong in every value it fills: the fix is to leave the template out.
    pub(super) fn problem(&mut self, key: &str, message: impl Into<String>, help: String) {
        let placeholder = self
            .line_of(key)
            .is_some_and(|l| l.rest.contains("{{") || l.rest.contains("<%"));
        let help = if placeholder {
            "this looks like a template: leave its folder out of the site with `ignore: [Templates]` in site.yaml".into()
        } else {
            help
        };
        let d = self.diagnostic(key, message.into(), help, true);
        self.problems.push(d);
    }

    /// A wrong key, placed at its name.
    pub(super) fn key_problem(&mut self, key: &str, message: String, help: String) {
        let d = self.diagnostic(key, message, help, false);
        self.problems.push(d);
    }

    /// `tags: #aws` is empty to YAML: `#` after a space starts a comment.
    pub(super) fn warn_if_comment(&mut self, key: &str) {
        let Some(rest) = self.line_of(key).map(|l| l.rest) else {
            return;
        };
        if rest.starts_with('#') {
            let d = self
                .diagnostic(
                    key,
                    format!("`{key}` is empty: YAML reads `{rest}` as a comment"),
                    format!("put it in quotes: `{key}: \"{rest}\"`"),
                    true,
                )
                .as_warning();
            self.warnings.push(d);
        }
    }

    pub(super) fn text(&mut self, key: &str, value: &Value) -> Option<String> {
        match scalar_text(value) {
            Some(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            None => {
                self.problem(
                    key,
                    format!("`{key}` must be text, not {}", kind(value)),
                    format!("write it on one line, in quotes if it holds `: ` or ` #`: `{key}: \"...\"`"),
                );
                None
            }
        }
    }

    /// A list of names, or one name (split at commas and spaces when `split`, as Obsidian
    /// reads a tag or class list written on one line).
    pub(super) fn names(&mut self, key: &str, value: &Value, split: bool) -> Vec<String> {
        let help = || format!("write `{key}: [a, b]`, or one `- name` per line under `{key}:`");
        let items: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            Value::Mapping(_) => {
                self.problem(
                    key,
                    format!(
                        "`{key}` must be a name or a list of names, not {}",
                        kind(value)
                    ),
                    help(),
                );
                return Vec::new();
            }
            one => vec![one],
        };
        let mut names = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if item.is_null() {
                continue;
            }
            let Some(text) = scalar_text(item) else {
                self.problem(
                    key,
                    format!(
                        "`{key}` must be a list of names, but item {} is {}",
                        i + 1,
                        kind(item)
                    ),
                    help(),
                );
                continue;
            };
            if split && !value.is_sequence() {
                names.extend(
                    text.split(|c: char| c == ',' || c.is_whitespace())
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            } else if !text.trim().is_empty() {
                names.push(text.trim().to_string());
            }
        }
        names
    }

    pub(super) fn number(&mut self, key: &str, value: &Value) -> Option<i64> {
        let number = value.as_i64();
        if number.is_none() {
            self.problem(
                key,
                format!("`{key}` must be a whole number, not {}", kind(value)),
                format!("for example `{key}: 2`"),
            );
        }
        number
    }

    pub(super) fn flag(&mut self, key: &str, value: &Value) -> Option<bool> {
        let flag = value.as_bool();
        if flag.is_none() {
            self.problem(
                key,
                format!("`{key}` must be true or false, not {}", kind(value)),
                format!("write `{key}: true` or `{key}: false`"),
            );
        }
        flag
    }

    pub(super) fn date(&mut self, key: &str, value: &Value) -> Option<String> {
        let date = value.as_str().and_then(date_of);
        if date.is_none() {
            self.problem(
                key,
                match value.as_str() {
                    Some(text) => format!("`{key}` is not a date: `{text}`"),
                    None => format!("`{key}` is not a date: {}", kind(value)),
                },
                format!("write it as YYYY-MM-DD, for example `{key}: 2026-11-22`, or as a timestamp (`2026-11-22T14:30:00Z`)"),
            );
        }
        date.map(str::to_string)
    }

    /// A date, or dates by name, as Material for MkDocs' blog writes them (`date:` then
    /// `created: 2026-02-18` and `updated: 2026-04-13` under it): every one of them.
    pub(super) fn dates(&mut self, key: &str, value: &Value) -> Vec<String> {
        // A template's `{{date}}` is a mapping too, keyed by a mapping: not dates by name.
        let named = value
            .as_mapping()
            .filter(|m| m.keys().all(|k| scalar_text(k).is_some()));
        let Some(named) = named else {
            return self.date(key, value).into_iter().collect();
        };
        let mut dates = Vec::new();
        for (name, date) in named {
            let name = scalar_text(name).unwrap_or_default();
            match date.as_str().and_then(date_of) {
                Some(date) => dates.push(date.to_string()),
                None => self.problem(
                    key,
                    format!("`{key}` `{name}` is not a date: {}", kind(date)),
                    format!("write each date under `{key}` as YYYY-MM-DD, for example `{name}: 2026-11-22`"),
                ),
            }
        }
        dates
    }

    /// A permalink (a path, when `path`) or a slug (a file name).
    pub(super) fn page(&mut self, key: &str, value: &Value, path: bool) -> Option<String> {
        let Some(text) = scalar_text(value) else {
            self.problem(
                key,
                format!("`{key}` must be text, not {}", kind(value)),
                format!("for example `{key}: aws/lambda-basics`"),
            );
            return None;
        };
        let checked = if path {
            page_path(&text)
        } else if text.contains('/') {
            Err("has a `/`: a slug names the page only, in its note's folder; use `permalink` for a path".into())
        } else {
            page_path(&text)
        };
        match checked {
            Ok(page) => Some(page),
            Err(why) => {
                self.problem(
                    key,
                    format!("`{key}` `{text}` {why}"),
                    format!("write a path inside the site, with `/` between folders, for example `{key}: {}`", if path { "aws/lambda-basics" } else { "lambda-basics" }),
                );
                None
            }
        }
    }
}

/// A permalink as the page's path from the site's root, without `.html`, the way a note's file
/// path names its page: `aws/lambda-basics` is written to `aws/lambda-basics.html`. The forms
/// URLs take are accepted: a leading `/` (the site's root), a trailing `/` or `.html`; `/`
/// alone is the home page (`index`). Anything that would not be a plain file inside the output
/// folder is refused, with the reason: `..`, `.` or hidden names, `\`, `:` (a drive, or a
/// stream on Windows), control characters, empty folder names (`a//b`).
pub fn page_path(value: &str) -> Result<String, String> {
    if value.chars().any(char::is_control) {
        return Err("has a control character".into());
    }
    if value.contains('\\') {
        return Err("has a `\\`: separate folders with `/`".into());
    }
    if value.contains(':') {
        return Err("has a `:`, which names a drive or a stream on Windows".into());
    }
    let trimmed = value.trim();
    let path = trimmed.strip_prefix('/').unwrap_or(trimmed);
    let path = path.strip_suffix('/').unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    if path.is_empty() {
        return if trimmed.starts_with('/') {
            Ok("index".into())
        } else {
            Err("is empty".into())
        };
    }
    for part in path.split('/') {
        match part {
            "" => return Err("has an empty folder name (`//`)".into()),
            ".." => return Err("climbs out of the site with `..`".into()),
            p if p.starts_with('.') => {
                return Err(format!(
                    "has a hidden or relative name `{p}` (starting with `.`)"
                ))
            }
            p if p != p.trim() => return Err(format!("has a name `{p}` with spaces around it")),
            _ => {}
        }
    }
    Ok(path.to_string())
}

/// The date of `value` (`YYYY-MM-DD`) when it is a date, or a timestamp starting with one, as
/// YAML, Obsidian, Hugo and Jekyll write them: `2026-11-22T14:30:00Z`, `2026-11-22 14:30`,
/// `2026-11-22 14:30:00 +0100`; or a link to the daily note of a date, as vaults often date
/// their notes: `[[2026-11-22]]`.
pub(super) fn date_of(value: &str) -> Option<&str> {
    let value = value.trim();
    let value = match value.strip_prefix("[[").and_then(|v| v.strip_suffix("]]")) {
        Some(link) => link.split('|').next().unwrap_or(link).trim(),
        None => value,
    };
    let date = value.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days {
        return None;
    }
    let time = &value[10..];
    if time.is_empty() {
        return Some(date);
    }
    let time = time.strip_prefix(['T', 't', ' '])?.trim_start();
    is_time(time).then_some(date)
}

/// `HH:MM`, then optional `:SS` and fraction, then an optional zone (`Z`, `+01:00`, `+0100`).
fn is_time(text: &str) -> bool {
    let two = |s: &str, max: u32| {
        s.len() == 2
            && s.bytes().all(|c| c.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let (clock, zone) = match text.find(['Z', 'z', '+', '-']) {
        Some(i) => (text[..i].trim_end(), &text[i..]),
        None => (text.trim_end(), ""),
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let parts: Vec<&str> = clock.split(':').collect();
    let clock_ok = match parts.as_slice() {
        [h, m] => two(h, 23) && two(m, 59),
        [h, m, s] => two(h, 23) && two(m, 59) && two(s, 60),
        _ => false,
    };
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => {
            let z = z[1..].replace(':', "");
            z.len() == 4 && two(&z[..2], 23) && two(&z[2..], 59) || two(&z, 23)
        }
    };
    clock_ok && zone_ok && !fraction.is_empty() && fraction.bytes().all(|c| c.is_ascii_digit())
}

/// The text of a scalar (a string, number or boolean); `None` for lists and mappings.
pub(super) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// How a value is named in a message: `` `abc` `` for a scalar, "a list" or "a mapping".
fn kind(value: &Value) -> String {
    match value {
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => kind(&t.value),
        other => format!("`{}`", scalar_text(other).unwrap_or_default()),
    }
}

/// A YAML value as templates see it (Tera holds JSON values; mapping keys become text).
pub(super) fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.into(),
            (_, Some(u), _) => u.into(),
            (_, _, Some(f)) => {
                serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into)
            }
            _ => serde_json::Value::Null,
        },
        Value::String(s) => s.clone().into(),
        Value::Sequence(items) => items.iter().map(to_json).collect(),
        Value::Mapping(map) => map
            .iter()
            .map(|(k, v)| (scalar_text(k).unwrap_or_default(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Value::Tagged(t) => to_json(&t.value),
    }
}
