//! The page templates: the built-in ones, each replaced by a same-named file in the site's
//! `templates/`. In: the site's root. Out: [`Templates`], which renders a template with a
//! context, its errors as a [`Diagnostic`] naming the template file and line.

use crate::util::assets;
use crate::util::error::{Diagnostic, Error, Result};
use crate::util::html::escape;
use std::path::Path;
use tera::{Context, Tera};

/// The compiled templates.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Built-in templates, each replaced by a same-named file in `<root>/templates/`.
    pub fn load(root: &Path) -> Result<Templates> {
        let mut sources: Vec<(String, String)> = assets::TEMPLATES
            .iter()
            .map(|(name, bytes)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(bytes).into_owned(),
                )
            })
            .collect();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Diagnostic::error(format!("cannot read the templates folder: {e}"))
                        .in_file(Path::new("templates"))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let name = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| Error::io("read template", entry.path(), e))?;
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(builtin) => builtin.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        let mut tera = Tera::default();
        // Tera's own escaper also escapes `/`, which makes every href unreadable.
        tera.set_escape_fn(escape_for_tera);
        tera.add_raw_templates(sources)
            .map_err(|e| template_error(&e, root))?;
        Ok(Templates { tera })
    }

    pub(crate) fn render(&self, name: &str, context: &Context, root: &Path) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| template_error(&e, root))
    }
}

fn escape_for_tera(text: &str) -> String {
    escape(text)
}

/// Tera's error chain as one diagnostic naming the template file (and line, which Tera's parse
/// errors carry as `--> line:col`).
fn template_error(error: &tera::Error, root: &Path) -> Error {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let text = chain.join("\n");
    let name = text
        .split('\'')
        .nth(1)
        .filter(|n| n.ends_with(".html") || n.ends_with(".xml"))
        .unwrap_or("");
    let custom = root.join("templates").join(name);
    let path = if !name.is_empty() && custom.is_file() {
        format!("templates/{name}")
    } else {
        format!("built-in template {name}")
    };
    // Tera's parse errors embed a drawn snippet (`--> 2:7 | ... = expected ...`): we draw our
    // own, so keep only the position and the closing explanation.
    let explanation: Vec<String> = chain
        .iter()
        .map(|part| match part.find("--> ") {
            Some(_) => part
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("= "))
                .unwrap_or(part)
                .to_string(),
            None => part.replace('\n', " "),
        })
        .collect();
    let mut d =
        Diagnostic::error(format!("template error: {}", explanation.join(": "))).in_file(path);
    if let Some(pos) = text.find("--> ") {
        let loc: String = text[pos + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut parts = loc.split(':').filter_map(|p| p.parse().ok());
        if let (Some(line), Some(col)) = (parts.next(), parts.next()) {
            d = d.at(line, col);
        }
    }
    d.with_help("fix the template; delete your copy in templates/ to go back to the built-in one")
        .into()
}
