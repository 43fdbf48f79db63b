//! Scaffolding: `studysite new` writes a note with its frontmatter filled in.

use crate::error::{Diagnostic, Error, Result};
use crate::markdown::slugify;
use std::path::{Path, PathBuf};

/// Creates `<dir>/<slug>.md` for `title`; never overwrites an existing file.
pub fn new_note(dir: &Path, title: &str, today: &str) -> Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(
            Diagnostic::error(format!("cannot make a file name from the title '{title}'"))
                .with_help("use a title with letters or digits")
                .into(),
        );
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create folder", dir, e))?;
    let path = dir.join(format!("{slug}.md"));
    let title_yaml = serde_yaml::to_string(title).unwrap_or_else(|_| format!("{title:?}\n"));
    let text = format!(
        "---\ntitle: {title_yaml}summary: \"\"\ntags: []\nupdated: {today}\n---\n\nWrite your note here.\n"
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Invalid(vec![Diagnostic::error(format!(
                "{} already exists",
                path.display()
            ))
            .with_help("choose another title, or edit the existing note")]),
            _ => Error::io("create", &path, e),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Error::io("write", &path, e))?;
    Ok(path)
}

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn new_note_has_frontmatter_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = new_note(dir.path(), "Lambda: pricing", "2026-11-22").unwrap();
        assert_eq!(path.file_name().unwrap(), "lambda-pricing.md");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("---\ntitle: 'Lambda: pricing'\n"),
            "{text}"
        );
        assert!(new_note(dir.path(), "Lambda: pricing", "2026-11-22").is_err());
    }
}
