//! Errors: every problem the pipeline finds in a site becomes a [`Diagnostic`] that names the
//! file and position, says what is wrong and how to fix it. The library collects them and
//! returns them; printing (with a source snippet) happens at the CLI edge. In: a message, a file
//! and a position (a byte offset, through [`LineIndex`]). Out: a [`Diagnostic`], or an [`Error`]
//! holding them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file when it has a place. Serializable so that a build's warnings
/// can be kept with its output and shown again when nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user knows it (relative to the site root when inside it).
    pub path: Option<PathBuf>,
    /// 1-based line and column, counted from the top of the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// `path:line:col` (as much of it as is known), for the start of a report line.
    pub fn location(&self) -> Option<String> {
        let path = self.path.as_ref()?.display().to_string();
        Some(match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = self.location() {
            write!(f, "{loc}: ")?;
        }
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Why a build or check stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's content or configuration has problems; all of them are listed.
    #[error("{} problem{} found", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Invalid(Vec<Diagnostic>),
    /// The file system refused something the build needed.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Maps byte offsets in a file's text to 1-based line and column (columns count characters).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        (line + 1, column)
    }
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo: at most half
/// its characters edited.
///
/// A vault's broken links are each compared with every file name: the quadratic edit distance
/// is computed only for the candidates that [`bag_distance`] does not already rule out, or a
/// vault of 2,000 files with a few hundred broken links took minutes.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    let wanted_chars = wanted.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let c_lower = c.to_lowercase();
            let longest = wanted_chars.max(c_lower.chars().count());
            if bag_distance(&wanted, &c_lower) * 2 > longest {
                return None;
            }
            Some((strsim::normalized_damerau_levenshtein(&wanted, &c_lower), c))
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A lower bound of the edit distance of `a` and `b`, in linear time: the characters one holds
/// more of than the other (an insertion, deletion or substitution changes that by at most one,
/// a transposition not at all).
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts: std::collections::HashMap<char, isize> = std::collections::HashMap::new();
    for c in a.chars() {
        *counts.entry(c).or_default() += 1;
    }
    for c in b.chars() {
        *counts.entry(c).or_default() -= 1;
    }
    let (more, fewer) = counts.values().fold((0, 0), |(more, fewer), &n| {
        if n > 0 {
            (more + n, fewer)
        } else {
            (more, fewer - n)
        }
    });
    more.max(fewer) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The filter never rules out a candidate the edit distance would have kept.
        #[test]
        fn bag_distance_never_exceeds_the_edit_distance(a in "[a-e ]{0,12}", b in "[a-e ]{0,12}") {
            prop_assert!(bag_distance(&a, &b) <= strsim::damerau_levenshtein(&a, &b));
        }
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, 3), (2, 1));
        assert_eq!(idx.position(text, 5), (2, 2));
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(closest("tittle", ["title", "tags"]), Some("title"));
        assert_eq!(closest("zzz", ["title", "tags"]), None);
    }
}
