//! The glossary stage: terms a site defines once, linked from where the notes use them.
//!
//! In: `glossary.yaml` in the notes folder (optional), which maps each term to its definition,
//! and a way to find a note by reference. Out: the [`Glossary`]: its [`Entry`]s sorted by term,
//! each with the anchor of its entry on the generated glossary page, the other names it goes by
//! (synonyms, plurals), the terms it points to and the note that teaches it; or every problem
//! of the file at its `file:line`. The entries are data: the glossary page, the term links in
//! the notes ([`crate::output::glossary`]) and the study features' cards are all made from them.
//!
//! ```yaml
//! Spot Instance:
//!   definition: Spare EC2 capacity at a discount, which AWS can take back at two minutes' notice.
//!   also: [Spot, Spot capacity]   # other names; regular plurals are matched anyway
//!   see: [EC2 instance]           # related terms, by any of their names
//!   note: foundations/ec2         # the note that teaches it
//! VPC: Virtual Private Cloud, a private network of your own inside AWS.   # the short form
//! ```
//!
//! YAML rather than a glossary note: a term is data with named parts, which a note's prose
//! would need its own conventions for, and YAML is what frontmatter and comparisons already
//! use, with the same errors. The file is in the notes folder, so that it moves with the notes,
//! changes rebuild the site, and `glossary.yaml` is not copied to the output.

use crate::load::links::Problem;
use crate::model::glossary::{Entry, Glossary, Matcher};
use crate::model::NoteId;
use crate::util::error::{closest, Diagnostic};
use crate::util::ids::slugify;
use crate::util::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// How an entry is written out in full.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Written {
    #[serde(default)]
    definition: String,
    #[serde(default)]
    also: Vec<String>,
    #[serde(default)]
    see: Vec<String>,
    note: Option<String>,
}

const KEYS: &[&str] = &["definition", "also", "see", "note"];

/// An entry as read, before its references are resolved.
struct Read {
    term: String,
    written: Written,
    line: usize,
    /// The lines the entry spans, to place a message about one of its values.
    lines: std::ops::Range<usize>,
}

/// Reads the glossary at `path` (shown as `display`), if there is one. `find_note` resolves a
/// `note:` reference as a link would.
pub fn load(
    path: &Path,
    display: &Path,
    find_note: &dyn Fn(&str) -> Result<NoteId, Problem>,
) -> Result<Glossary, Vec<Diagnostic>> {
    if !path.is_file() {
        return Ok(Glossary::default());
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read the glossary: {e}"))
            .in_file(display)
            .with_help("check the file's permissions, and that it is UTF-8")]
    })?;
    parse(&text, display, find_note)
}

/// [`load`] on the file's text.
pub fn parse(
    text: &str,
    display: &Path,
    find_note: &dyn Fn(&str) -> Result<NoteId, Problem>,
) -> Result<Glossary, Vec<Diagnostic>> {
    let read = read_entries(text, display).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let at = |line: usize, column: usize| Diagnostic::error("").in_file(display).at(line, column);

    // Every name (term, synonym) belongs to one entry.
    let mut owner: HashMap<String, usize> = HashMap::new();
    for (i, entry) in read.iter().enumerate() {
        if entry.written.definition.trim().is_empty() {
            let mut d = at(entry.line, 1).with_help(format!(
                "write what it means: `{}: A short definition.`",
                entry.term
            ));
            d.message = format!("term `{}` has no definition", entry.term);
            problems.push(d);
        }
        for name in std::iter::once(&entry.term).chain(&entry.written.also) {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(&first) = owner.get(&key) {
                let other = &read[first];
                let mut d = at(entry.line, 1).with_help(format!(
                    "a name may belong to one term only: keep `{name}` in one of them (the other is at line {})",
                    other.line
                ));
                d.message = if first == i {
                    format!("term `{}` lists `{name}` twice", entry.term)
                } else if *name == entry.term && key == other.term.to_lowercase() {
                    format!("term `{}` is defined twice", entry.term)
                } else {
                    format!(
                        "`{name}` names two terms: `{}` and `{}`",
                        other.term, entry.term
                    )
                };
                problems.push(d);
            } else {
                owner.insert(key, i);
            }
        }
    }

    let mut order: Vec<usize> = (0..read.len()).collect();
    order.sort_by_cached_key(|&i| (read[i].term.to_lowercase(), i));
    let mut position = vec![0; read.len()];
    for (sorted, &i) in order.iter().enumerate() {
        position[i] = sorted;
    }
    let place = |entry: &Read, value: &str| position_in(text, &entry.lines, value);
    let mut ids = Ids::default();
    let mut entries = Vec::with_capacity(read.len());
    for &i in &order {
        let entry = &read[i];
        let mut see = Vec::new();
        for name in &entry.written.see {
            match owner.get(&name.trim().to_lowercase()) {
                Some(&j) => see.push(position[j]),
                None => {
                    let names = read.iter().map(|e| e.term.as_str());
                    let help = match closest(name, names) {
                        Some(near) => {
                            format!("did you mean `{near}`? Or add `{name}` to the glossary")
                        }
                        None => format!("add `{name}` to the glossary, or remove it from `see`"),
                    };
                    let (line, column) = place(entry, name);
                    let mut d = at(line, column).with_help(help);
                    d.message = format!("unknown term `{name}` in the `see` of `{}`", entry.term);
                    problems.push(d);
                }
            }
        }
        let note = match &entry.written.note {
            None => None,
            Some(reference) => match find_note(reference) {
                Ok(id) => Some(id),
                Err(problem) => {
                    let (line, column) = place(entry, reference);
                    let mut d = at(line, column).with_help(problem.help.unwrap_or_else(|| {
                        "name the note by its path in the notes folder (`aws/lambda`), file name, title or alias".into()
                    }));
                    d.message = format!(
                        "the note of term `{}`, `{reference}`, is not found: {}",
                        entry.term, problem.message
                    );
                    problems.push(d);
                    None
                }
            },
        };
        entries.push(Entry {
            term: entry.term.clone(),
            id: ids.allocate(&entry.term),
            definition: entry
                .written
                .definition
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            also: entry.written.also.clone(),
            see,
            note,
            line: entry.line,
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|d| d.line);
        return Err(problems);
    }
    let matcher = Matcher::new(&entries);
    Ok(Glossary { entries, matcher })
}

/// The file's entries in the order written, each with its line.
fn read_entries(text: &str, display: &Path) -> Result<Vec<Read>, Diagnostic> {
    let origin = Origin {
        path: display,
        first_line: 1,
    };
    yaml::check_bounds(text, origin, "glossary")?;
    // serde_yaml refuses a repeated key without saying which: find it first, by its lines.
    let keys = yaml::key_lines(text, origin);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for key in &keys {
        if let Some(first) = seen.insert(key.key.to_lowercase(), key.line) {
            return Err(
                Diagnostic::error(format!("term `{}` is defined twice", key.key))
                    .in_file(display)
                    .at(key.line, 1)
                    .with_help(format!(
                        "merge the two entries (the first is at line {first}), or rename one"
                    )),
            );
        }
    }
    let value: serde_yaml::Value = if text.trim().is_empty() {
        serde_yaml::Value::Null
    } else {
        serde_yaml::from_str(text)
            .map_err(|e| yaml::yaml_diagnostic(&e, origin, "glossary", &[]))?
    };
    let map = match value {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::Mapping(map) => map,
        _ => {
            return Err(Diagnostic::error("the glossary must map each term to its definition")
                .in_file(display)
                .at(1, 1)
                .with_help("write one term a line, `Term: its definition`, or `Term:` with `definition:`, `also:`, `see:` and `note:` under it"))
        }
    };
    let total_lines = text.lines().count();
    let mut read = Vec::with_capacity(map.len());
    for (key, value) in map {
        let term = match key {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        let found = keys.iter().position(|k| k.key == term);
        let line = found.map_or(1, |k| keys[k].line);
        let end = found
            .and_then(|k| keys.get(k + 1))
            .map_or(total_lines + 1, |next| next.line);
        if term.trim().is_empty() {
            return Err(Diagnostic::error("a glossary term must be a name")
                .in_file(display)
                .at(line, 1)
                .with_help("write the term as plain text, quoted if it holds `:` or `#`"));
        }
        let written = match value {
            serde_yaml::Value::String(definition) => Written {
                definition,
                ..Written::default()
            },
            serde_yaml::Value::Null => Written::default(),
            value => serde_yaml::from_value(value).map_err(|e| {
                let mut d = yaml::yaml_diagnostic(&e, origin, "glossary entry", KEYS);
                d.message = format!("term `{term}`: {}", d.message);
                // serde_yaml knows no position in a value: point at the key it names, if any.
                let key = d.message.split('`').nth(3).map(|k| format!("{k}:"));
                let (line, column) = key.map_or((line, 1), |k| position_in(text, &(line..end), &k));
                d.line = Some(line);
                d.column = Some(column);
                if d.help.is_none() {
                    d.help = Some(
                        "`also` and `see` are lists (`[a, b]`); `definition` and `note` are text"
                            .into(),
                    );
                }
                d
            })?,
        };
        read.push(Read {
            term: term.trim().to_string(),
            written,
            line,
            lines: line..end,
        });
    }
    Ok(read)
}

/// The line and column, in the lines `lines` of `text`, where `value` is first written (the
/// first of those lines when it is not found as written).
fn position_in(text: &str, lines: &std::ops::Range<usize>, value: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .skip(lines.start - 1)
        .take(lines.len())
        .find_map(|(n, line)| {
            let at = line.find(value)?;
            Some((n + 1, line[..at].chars().count() + 1))
        })
        .unwrap_or((lines.start, 1))
}

/// Anchors for the entries: a term's slug, `-1`, `-2` after it when two terms share one, and
/// never an id the page's template already uses.
#[derive(Default)]
struct Ids {
    used: std::collections::HashSet<String>,
}

/// Ids of `base.html` a term's anchor must not take.
const TEMPLATE_IDS: &[&str] = &["content", "search-input", "search-status", "search-results"];

impl Ids {
    fn allocate(&mut self, term: &str) -> String {
        if self.used.is_empty() {
            self.used.extend(TEMPLATE_IDS.iter().map(|s| s.to_string()));
        }
        let slug = slugify(term);
        let wanted = if slug.is_empty() {
            "term".to_string()
        } else {
            slug
        };
        let mut candidate = wanted.clone();
        let mut n = 0;
        while !self.used.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{wanted}-{n}");
        }
        candidate
    }
}
