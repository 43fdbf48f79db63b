//! Frontmatter: splits a note's text into its optional header (YAML between `---` lines, or
//! TOML between `+++` lines as Hugo and Zola write it, read by its `toml` part) and its Markdown body,
//! and reads the header into [`Frontmatter`]. In: the note's text. Out: the note's metadata (and
//! warnings), or a diagnostic at the `file:line:col` of each value that is wrong.
//!
//! Strict where it catches mistakes, open where it meets other tools. studysite's own keys
//! ([`OWN_KEYS`]) keep their meaning and type but accept the forms real tools write (a single
//! name where a list is expected, an empty value, `#tags`, a timestamp for a date); the keys
//! Obsidian, Obsidian Publish, Hugo, Jekyll and Zola use for the same things are understood
//! (`KEYS`); any other key is kept in [`Frontmatter::extra`] for templates. A key one or two
//! edits from a known one is a typo and an error, and `strict_frontmatter: true` in `site.yaml`
//! allows studysite's own keys only.

mod reader;
mod split;
mod toml;

pub use split::{split, Split};

pub use reader::page_path;
use reader::{scalar_text, to_json, Reader};

use crate::model::meta::{Frontmatter, PagePath};
use crate::util::error::Diagnostic;
use crate::util::yaml::{key_lines, parse_mapping, Origin};
use std::path::Path;

/// What a key means.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Meaning {
    Title,
    Summary,
    /// `summary` when there is none.
    Description,
    Tags,
    Aliases,
    Order,
    /// `order` when there is none.
    Weight,
    Draft,
    /// `false` is a draft.
    Publish,
    /// Jekyll's: `false` is a draft; a date (as some vaults use it) is a date.
    Published,
    Updated,
    /// `updated` when there is none: the latest of them.
    Date,
    Related,
    Classes,
    Permalink,
    Slug,
}

/// studysite's own keys: the only ones `strict_frontmatter` allows.
pub const OWN_KEYS: &[&str] = &[
    "title", "summary", "tags", "aliases", "order", "draft", "updated", "related",
];

/// Every key understood: studysite's own, then those of other tools.
const KEYS: &[(&str, Meaning)] = &[
    ("title", Meaning::Title),
    ("summary", Meaning::Summary),
    ("tags", Meaning::Tags),
    ("aliases", Meaning::Aliases),
    ("order", Meaning::Order),
    ("draft", Meaning::Draft),
    ("updated", Meaning::Updated),
    ("related", Meaning::Related),
    // Obsidian and Obsidian Publish.
    ("tag", Meaning::Tags),
    ("alias", Meaning::Aliases),
    ("description", Meaning::Description),
    ("publish", Meaning::Publish),
    ("cssclasses", Meaning::Classes),
    ("cssclass", Meaning::Classes),
    ("permalink", Meaning::Permalink),
    ("created", Meaning::Date),
    ("modified", Meaning::Date),
    // Hugo, Jekyll, Zola.
    ("date", Meaning::Date),
    ("lastmod", Meaning::Date),
    ("weight", Meaning::Weight),
    ("slug", Meaning::Slug),
    ("published", Meaning::Published),
];

/// Keys that other tools define and that look like typos of ours, but are not.
const NOT_TYPOS: &[&str] = &["creator"];

/// A note's frontmatter, read.
#[derive(Debug, Default)]
pub struct Parsed {
    pub meta: Frontmatter,
    /// What is probably not what the author meant, but does not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Reads the frontmatter of `split`; `strict` allows studysite's own keys only. Every wrong
/// value is reported, not just the first.
pub fn parse(split: &Split<'_>, path: &Path, strict: bool) -> Result<Parsed, Vec<Diagnostic>> {
    let Some(header) = split.header else {
        return Ok(Parsed::default());
    };
    let origin = Origin {
        path,
        first_line: split.header_line,
    };
    let (map, lines) = if split.toml {
        toml::read(header, origin).map_err(|d| vec![d])?
    } else {
        let map = parse_mapping(header, origin, "frontmatter").map_err(|d| vec![d])?;
        (map, key_lines(header, origin))
    };
    let mut reader = Reader {
        path,
        lines,
        first_line: split.header_line,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut fm = Frontmatter::default();
    let mut description = None;
    let mut weight = None;
    let mut published = true;
    let mut dates: Vec<String> = Vec::new();
    let mut permalink = None;
    let mut slug = None;
    for (key, value) in &map {
        let Some(key) = scalar_text(key) else {
            reader.problem(
                "",
                "a frontmatter key is a list or a mapping",
                "write each key as a plain name: `title: ...`".into(),
            );
            continue;
        };
        let meaning = KEYS.iter().find(|(k, _)| *k == key).map(|&(_, m)| m);
        let own = OWN_KEYS.contains(&key.as_str());
        if strict && !own {
            let help = match typo_of(&key, OWN_KEYS.iter().copied()) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("remove it, or set `strict_frontmatter: false` in site.yaml to keep other tools' keys; studysite's keys are {}", OWN_KEYS.join(", ")),
            };
            reader.key_problem(
                &key,
                format!("`{key}` is not a studysite key (strict_frontmatter is on)"),
                help,
            );
            continue;
        }
        let Some(meaning) = meaning else {
            let known = KEYS.iter().map(|&(k, _)| k);
            match typo_of(&key, known) {
                Some(k) => reader.key_problem(
                    &key,
                    format!("unknown frontmatter key `{key}`"),
                    format!("did you mean `{k}`? Other keys are kept for templates, but one this close to a known key is taken for a typo"),
                ),
                None => {
                    fm.extra.insert(key.clone(), to_json(value));
                }
            }
            continue;
        };
        if !own {
            fm.extra.insert(key.clone(), to_json(value));
        }
        if value.is_null() {
            reader.warn_if_comment(&key);
            continue;
        }
        // A property a template left blank (`created: ""`) has no value, as `created:`.
        if value.as_str().is_some_and(|text| text.trim().is_empty()) {
            continue;
        }
        match meaning {
            Meaning::Title => fm.title = reader.text(&key, value),
            Meaning::Summary => fm.summary = reader.text(&key, value),
            Meaning::Description => description = reader.text(&key, value),
            Meaning::Tags => {
                let tags = reader.names(&key, value, true);
                for tag in tags {
                    let tag = tag.trim_start_matches('#').to_string();
                    if !tag.is_empty() && !fm.tags.contains(&tag) {
                        fm.tags.push(tag);
                    }
                }
            }
            Meaning::Aliases => {
                let aliases = reader.names(&key, value, false);
                fm.aliases.extend(aliases);
            }
            Meaning::Order => fm.order = reader.number(&key, value),
            Meaning::Weight => weight = reader.number(&key, value),
            Meaning::Draft => fm.draft |= reader.flag(&key, value).unwrap_or(false),
            Meaning::Publish => published &= reader.flag(&key, value).unwrap_or(true),
            Meaning::Published if value.is_bool() => {
                published &= value.as_bool().unwrap_or(true);
            }
            Meaning::Updated => fm.updated = reader.date(&key, value),
            Meaning::Date | Meaning::Published => dates.extend(reader.dates(&key, value)),
            Meaning::Related => {
                let related = reader.names(&key, value, false);
                fm.related.extend(related);
            }
            Meaning::Classes => {
                let classes = reader.names(&key, value, true);
                fm.classes.extend(classes);
            }
            Meaning::Permalink => permalink = reader.page(&key, value, true),
            Meaning::Slug => slug = reader.page(&key, value, false),
        }
    }
    if !reader.problems.is_empty() {
        return Err(reader.problems);
    }
    fm.summary = fm.summary.or(description);
    fm.order = fm.order.or(weight);
    fm.draft |= !published;
    fm.updated = fm.updated.or_else(|| dates.into_iter().max());
    fm.page = permalink
        .map(PagePath::Permalink)
        .or(slug.map(PagePath::Slug));
    Ok(Parsed {
        meta: fm,
        warnings: reader.warnings,
    })
}

/// The known key `key` is probably a typo of: one edit away (two for keys longer than five
/// letters), or the same in other case.
fn typo_of<'k>(key: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let key = key.to_lowercase();
    if NOT_TYPOS.contains(&key.as_str()) {
        return None;
    }
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(&key, k), k))
        .filter(|&(d, k)| d <= if k.len() > 5 { 2 } else { 1 })
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::reader::date_of;
    use super::*;

    fn read(text: &str, strict: bool) -> Result<Parsed, Vec<Diagnostic>> {
        let path = Path::new("n.md");
        let split = split(text, path).map_err(|d| vec![d])?;
        parse(&split, path, strict)
    }

    fn meta(yaml: &str) -> Frontmatter {
        read(&format!("---\n{yaml}---\n"), false)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .meta
    }

    /// The one problem of `yaml`, as (line, column, message).
    fn problem(yaml: &str) -> (usize, usize, String) {
        let mut problems = read(&format!("---\n{yaml}---\n"), false).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let d = problems.remove(0);
        (d.line.unwrap(), d.column.unwrap(), d.message)
    }

    #[test]
    fn a_typo_of_a_known_key_is_located_and_suggested() {
        let d = read("---\ntitle: A\ntittle: B\n---\n", false).unwrap_err();
        assert_eq!(d[0].message, "unknown frontmatter key `tittle`");
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(1)));
        assert!(d[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `title`?"));
        assert_eq!(
            problem("summery: x\n").2,
            "unknown frontmatter key `summery`"
        );
        assert_eq!(problem("Tags: [a]\n").2, "unknown frontmatter key `Tags`");
        assert_eq!(
            problem("permalnk: a\n").2,
            "unknown frontmatter key `permalnk`"
        );
    }

    #[test]
    fn other_keys_are_kept_as_written() {
        let m = meta(
            "type: lecture\nmobile: false\nname: x\ntasks: 3\ncreator: me\nnested: {a: [1, b]}\n",
        );
        assert_eq!(m.extra["type"], "lecture");
        assert_eq!(m.extra["mobile"], false);
        assert_eq!(m.extra["tasks"], 3);
        assert_eq!(m.extra["creator"], "me");
        assert_eq!(m.extra["nested"], serde_json::json!({"a": [1, "b"]}));
        // Other tools' keys that studysite understands are kept too; its own are not.
        let m = meta("title: T\npermalink: a/b\n");
        assert_eq!(m.extra.keys().collect::<Vec<_>>(), ["permalink"]);
    }

    #[test]
    fn strict_allows_only_studysites_keys() {
        let d = read("---\ntitle: A\npermalink: a\n---\n", true).unwrap_err();
        assert_eq!(
            d[0].message,
            "`permalink` is not a studysite key (strict_frontmatter is on)"
        );
        assert_eq!(d[0].line, Some(3));
        assert!(read("---\ntitle: A\ntags: x\n---\n", true).is_ok());
    }

    #[test]
    fn lists_take_one_name_or_none() {
        let m = meta("aliases: Fold\ntags: lambda\nrelated: b\n");
        assert_eq!(
            (m.aliases, m.tags, m.related),
            (
                vec!["Fold".to_string()],
                vec!["lambda".to_string()],
                vec!["b".to_string()]
            )
        );
        let m = meta("aliases:\ntags:\n");
        assert!(m.aliases.is_empty() && m.tags.is_empty());
        let m = meta("created: \"\"\nupdated: ' '\ntitle: ''\ntags: ''\n");
        assert!(m.updated.is_none() && m.title.is_none() && m.tags.is_empty());
        // A tag or class list on one line is split as Obsidian splits it; an alias is one name.
        let m = meta("tags: a, b c\ncssclass: wide  dark\naliases: Smith, John\n");
        assert_eq!(m.tags, ["a", "b", "c"]);
        assert_eq!(m.classes, ["wide", "dark"]);
        assert_eq!(m.aliases, ["Smith, John"]);
    }

    #[test]
    fn tags_lose_their_hash_and_merge_with_tag() {
        let m = meta("tags: ['#aws/lambda', serverless, 2024]\ntag: '#serverless'\n");
        assert_eq!(m.tags, ["aws/lambda", "serverless", "2024"]);
    }

    #[test]
    fn an_unquoted_hash_tag_is_a_comment_and_a_warning() {
        let parsed = read("---\ntags: #aws\n---\n", false).unwrap();
        assert!(parsed.meta.tags.is_empty());
        let w = &parsed.warnings[0];
        assert_eq!(w.message, "`tags` is empty: YAML reads `#aws` as a comment");
        assert_eq!((w.line, w.column), (Some(2), Some(7)));
    }

    #[test]
    fn values_of_the_wrong_kind_are_errors_at_the_value() {
        assert_eq!(
            problem("title: A\norder: first\n"),
            (3, 8, "`order` must be a whole number, not `first`".into())
        );
        assert_eq!(
            problem("tags: {a: 1}\n"),
            (
                2,
                7,
                "`tags` must be a name or a list of names, not a mapping".into()
            )
        );
        assert_eq!(
            problem("aliases:\n  - a\n  - [b]\n"),
            (
                2,
                9,
                "`aliases` must be a list of names, but item 2 is a list".into()
            )
        );
        assert_eq!(
            problem("draft: yes\n"),
            (2, 8, "`draft` must be true or false, not `yes`".into())
        );
        assert_eq!(
            problem("title: [a]\n"),
            (2, 8, "`title` must be text, not a list".into())
        );
        assert_eq!(
            problem("publish: 1\n").2,
            "`publish` must be true or false, not `1`"
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let problems = read("---\norder: x\ndraft: 2\n---\n", false).unwrap_err();
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn dates_and_timestamps() {
        assert_eq!(
            meta("updated: 2026-11-22\n").updated.as_deref(),
            Some("2026-11-22")
        );
        for stamp in [
            "2026-11-22T14:30:00Z",
            "2026-11-22 14:30",
            "2026-11-22T14:30:00.5+01:00",
            "2026-11-22 14:30:00 +0100",
            "2024-02-29",
            "[[2026-11-22]]",
            "[[2026-11-22|Sunday]]",
        ] {
            assert!(date_of(stamp).is_some(), "{stamp}");
        }
        for bad in [
            "2026-13-45",
            "2026-02-30",
            "2023-02-29",
            "2026-1-2",
            "last week",
            "2026-11-22T25:00",
            "2026-11-22 noon",
            "2026-11-22T14:30+1",
            "[[2026-11-22 Sunday]]",
            "[[Sunday]]",
        ] {
            assert_eq!(date_of(bad), None, "{bad}");
        }
        assert_eq!(
            problem("updated: 2026-13-45\n"),
            (2, 10, "`updated` is not a date: `2026-13-45`".into())
        );
        assert_eq!(
            problem("created: 1700000000\n").2,
            "`created` is not a date: `1700000000`"
        );
    }

    #[test]
    fn a_templates_placeholder_points_to_ignore() {
        for yaml in ["created: {{date}}\n", "created: <% tp.date.now() %>\n"] {
            let d = read(&format!("---\n{yaml}---\n"), false).unwrap_err();
            let help = d[0].help.as_deref().unwrap();
            assert!(
                help.starts_with("this looks like a template"),
                "{yaml}: {help}"
            );
        }
        let d = read("---\ncreated: tomorrow\n---\n", false).unwrap_err();
        assert!(d[0].help.as_deref().unwrap().starts_with("write it as"));
    }

    #[test]
    fn dates_by_name_as_material_for_mkdocs_blog_writes_them() {
        let m = meta("date:\n  created: 2026-02-18\n  updated: 2026-04-13\n");
        assert_eq!(m.updated.as_deref(), Some("2026-04-13"));
        assert_eq!(
            problem("date:\n  created: 2026-02-18\n  updated: soon\n"),
            (2, 6, "`date` `updated` is not a date: `soon`".into())
        );
        // `updated` itself is one date: a mapping there is a mistake.
        assert_eq!(
            problem("updated:\n  created: 2026-02-18\n").2,
            "`updated` is not a date: a mapping"
        );
    }

    #[test]
    fn updated_falls_back_to_the_latest_other_date() {
        let m = meta("created: 2024-01-05 10:00\nmodified: 2025-03-01T09:00:00Z\n");
        assert_eq!(m.updated.as_deref(), Some("2025-03-01"));
        let m = meta("date: 2025-03-01\nupdated: 2024-01-05\n");
        assert_eq!(m.updated.as_deref(), Some("2024-01-05"));
    }

    #[test]
    fn other_tools_keys_fill_ours_when_ours_are_missing() {
        let m = meta("description: D\nweight: 3\npublish: false\n");
        assert_eq!(
            (m.summary.as_deref(), m.order, m.draft),
            (Some("D"), Some(3), true)
        );
        let m = meta("summary: S\ndescription: D\norder: 1\nweight: 3\npublished: true\n");
        assert_eq!(
            (m.summary.as_deref(), m.order, m.draft),
            (Some("S"), Some(1), false)
        );
        assert!(meta("published: false\n").draft);
        assert_eq!(
            meta("published: 2024-05-01\n").updated.as_deref(),
            Some("2024-05-01")
        );
    }

    #[test]
    fn permalink_wins_over_slug() {
        let m = meta("slug: b\npermalink: /aws/a/\n");
        assert_eq!(m.page, Some(PagePath::Permalink("aws/a".into())));
        assert_eq!(meta("slug: b\n").page, Some(PagePath::Slug("b".into())));
        assert_eq!(problem("slug: a/b\n").2, "`slug` `a/b` has a `/`: a slug names the page only, in its note's folder; use `permalink` for a path");
    }

    #[test]
    fn page_paths_stay_inside_the_site() {
        assert_eq!(
            page_path("aws/lambda-basics").as_deref(),
            Ok("aws/lambda-basics")
        );
        assert_eq!(
            page_path("/aws/lambda-basics/").as_deref(),
            Ok("aws/lambda-basics")
        );
        assert_eq!(page_path("about.html").as_deref(), Ok("about"));
        assert_eq!(page_path("/").as_deref(), Ok("index"));
        assert_eq!(page_path("café notes/x").as_deref(), Ok("café notes/x"));
        for (bad, why) in [
            ("../secret", "climbs out of the site with `..`"),
            ("a/../../b", "climbs out of the site with `..`"),
            ("a\\b", "has a `\\`: separate folders with `/`"),
            (
                "C:/x",
                "has a `:`, which names a drive or a stream on Windows",
            ),
            ("a\u{0}b", "has a control character"),
            ("a//b", "has an empty folder name (`//`)"),
            (
                "./a",
                "has a hidden or relative name `.` (starting with `.`)",
            ),
            (
                ".git/x",
                "has a hidden or relative name `.git` (starting with `.`)",
            ),
            ("", "is empty"),
        ] {
            assert_eq!(page_path(bad).unwrap_err(), why, "{bad:?}");
        }
        assert_eq!(
            problem("permalink: ../x\n"),
            (
                2,
                12,
                "`permalink` `../x` climbs out of the site with `..`".into()
            )
        );
    }

    #[test]
    fn syntax_error_counts_lines_from_top_of_file() {
        let d = read("---\ntitle: A\ntags: [a, b\n---\n", false).unwrap_err();
        assert_eq!(d[0].line, Some(4));
    }

    #[test]
    fn a_repeated_key_is_an_error() {
        let d = read("---\ntitle: A\ntitle: B\n---\n", false).unwrap_err();
        assert!(d[0].message.contains("duplicate"), "{}", d[0].message);
    }
}
