//! Which file a wikilink names, by Obsidian's rules.
//!
//! In: the vault's files (notes by path without `.md`, attachments by path) and a link's target
//! as written (`Note`, `folder/Note`, `../Note`, `diagram.png`), with the folder of the note
//! that writes it. Out: the one file it names, or the candidates when several tie. A target is
//! found by its path from the note's folder, by its path in the vault, or by its name (or the
//! end of its path) anywhere, case-insensitively; among files of the same name the one in the
//! note's folder wins, then the one nearest the top ("shortest path", as Obsidian writes
//! links); two equally near are ambiguous.

use std::collections::HashMap;

/// The files a link may name, by lowercased path and by lowercased file name.
#[derive(Clone)]
pub struct Names {
    by_path: HashMap<String, String>,
    by_name: HashMap<String, Vec<(String, String)>>,
}

/// What a target names.
#[derive(Debug, PartialEq)]
pub enum Found<'a> {
    One(&'a str),
    /// The equally near files of that name.
    Ambiguous(Vec<&'a str>),
    Nothing,
}

impl Names {
    /// `files` gives each file as (the path a link writes, the file's own path): for a note
    /// `a/Note` and `a/Note.md`.
    pub fn new<'f>(files: impl IntoIterator<Item = (&'f str, &'f str)>) -> Self {
        let mut by_path = HashMap::new();
        let mut by_name: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (key, file) in files {
            let key = key.to_lowercase();
            let name = key.rsplit('/').next().unwrap_or(&key).to_string();
            by_name
                .entry(name)
                .or_default()
                .push((key.clone(), file.to_string()));
            by_path.entry(key).or_insert_with(|| file.to_string());
        }
        Names { by_path, by_name }
    }

    /// The file `target` names, written in a note in folder `dir`.
    pub fn find(&self, dir: &str, target: &str) -> Found<'_> {
        let target = target.trim().to_lowercase();
        let from_top = target.trim_start_matches('/');
        if let Some(file) =
            normalize(&dir.to_lowercase(), &target).and_then(|p| self.by_path.get(&p))
        {
            return Found::One(file);
        }
        if let Some(file) = self.by_path.get(from_top) {
            return Found::One(file);
        }
        let name = from_top.rsplit('/').next().unwrap_or(from_top);
        let suffix = format!("/{from_top}");
        let candidates: Vec<&(String, String)> = self
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter(|(key, _)| key == from_top || key.ends_with(&suffix))
            .collect();
        let dir = dir.to_lowercase();
        let folder = |key: &str| key.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        if let Some((_, file)) = candidates.iter().find(|(key, _)| folder(key) == dir) {
            return Found::One(file);
        }
        let depth = |key: &str| key.matches('/').count();
        let Some(nearest) = candidates.iter().map(|(key, _)| depth(key)).min() else {
            return Found::Nothing;
        };
        let mut nearest: Vec<&str> = candidates
            .iter()
            .filter(|(key, _)| depth(key) == nearest)
            .map(|(_, file)| file.as_str())
            .collect();
        if nearest.len() == 1 {
            Found::One(nearest[0])
        } else {
            nearest.sort_unstable();
            Found::Ambiguous(nearest)
        }
    }
}

/// Joins `path` onto the folder `base` and folds `.` and `..`; `None` if it climbs above the top.
pub fn normalize(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new(
            [
                "Top", "a/Top", "a/b/Deep", "c/Deep", "a/Twin", "b/Twin", "x/y/Only",
            ]
            .map(|k| (k, k)),
        )
    }

    #[test]
    fn by_vault_path_relative_path_or_name_anywhere() {
        let n = names();
        assert_eq!(n.find("q", "a/b/deep"), Found::One("a/b/Deep"));
        assert_eq!(n.find("a", "b/Deep"), Found::One("a/b/Deep"));
        assert_eq!(n.find("a/b", "../Twin"), Found::One("a/Twin"));
        assert_eq!(n.find("", "ONLY"), Found::One("x/y/Only"));
        assert_eq!(n.find("", "y/only"), Found::One("x/y/Only"));
        assert_eq!(n.find("", "nothing"), Found::Nothing);
    }

    #[test]
    fn the_same_folder_then_the_shortest_path_wins_and_a_tie_is_ambiguous() {
        let n = names();
        assert_eq!(n.find("q", "top"), Found::One("Top"));
        assert_eq!(n.find("a", "top"), Found::One("a/Top"));
        assert_eq!(n.find("", "deep"), Found::One("c/Deep"));
        assert_eq!(n.find("a/b", "deep"), Found::One("a/b/Deep"));
        assert_eq!(
            n.find("", "twin"),
            Found::Ambiguous(vec!["a/Twin", "b/Twin"])
        );
    }
}
