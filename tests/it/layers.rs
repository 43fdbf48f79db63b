//! The layering of `src/` (ARCHITECTURE.md): every `crate::` and `super::` path in the library
//! points to its own layer or a lower one, and no module reaches itself through its imports.
//! In: the source files under `src/`. Out: a failure naming each file, line and import that
//! breaks the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer folders, bottom first. A module may import from its own layer and those before it.
const LAYERS: &[&str] = &["util", "model", "markup", "load", "output", "command"];

/// One library source file as a module path (`load::site`), and its text.
struct Module {
    file: PathBuf,
    path: Vec<String>,
    text: String,
}

fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let file = entry.unwrap().path();
            if file.is_dir() {
                stack.push(file);
                continue;
            }
            let rel = file.strip_prefix(&src).unwrap().with_extension("");
            let mut path: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // The binary (main.rs, cli.rs) sits on top of the library and is not part of it.
            if file.extension().is_none_or(|e| e != "rs") || path == ["main"] || path == ["cli"] {
                continue;
            }
            if path.last().is_some_and(|l| l == "mod" || l == "lib") {
                path.pop();
            }
            let text = std::fs::read_to_string(&file).unwrap();
            let file = Path::new("src").join(file.strip_prefix(&src).unwrap());
            found.push(Module { file, path, text });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Every full path a `use` tree starting at `s` names: `a::{b, c::d}` gives `a::b`, `a::c::d`.
/// Returns them and how many bytes of `s` the tree took.
fn use_tree(s: &str) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = 0;
    let bytes = s.as_bytes();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i > start {
            prefix.push(s[start..i].to_string());
        }
        if s[i..].starts_with("::{") {
            i += 3;
            let mut paths = Vec::new();
            loop {
                let rest = &s[i..];
                let trimmed = rest.trim_start();
                i += rest.len() - trimmed.len();
                if s[i..].starts_with('}') {
                    return (paths, i + 1);
                }
                let (inner, used) = use_tree(&s[i..]);
                paths.extend(inner.into_iter().map(|p| [prefix.clone(), p].concat()));
                i += used;
                let rest = &s[i..];
                i += rest.len() - rest.trim_start_matches([',', ' ', '\n']).len();
                if i >= s.len() {
                    return (paths, i);
                }
            }
        } else if s[i..].starts_with("::") && i > start {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// Each `crate::` or `super::` path in the module's code (comments left out), with its line,
/// made absolute.
fn imports(module: &Module) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let code: String = module
        .text
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b':';
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if at > 0 && is_ident(code.as_bytes()[at - 1]) {
            continue; // the middle of a longer path (`super::super::x`)
        }
        let line = code[..at].matches('\n').count() + 1;
        let (paths, _) = use_tree(&code[at..]);
        for path in paths {
            let supers = path.iter().take_while(|s| *s == "super").count();
            let absolute = if path[0] == "crate" {
                path[1..].to_vec()
            } else {
                let keep = module.path.len().saturating_sub(supers);
                [module.path[..keep].to_vec(), path[supers..].to_vec()].concat()
            };
            found.push((line, absolute));
        }
    }
    found
}

fn layer_of(path: &[String]) -> Option<usize> {
    LAYERS
        .iter()
        .position(|l| path.first().is_some_and(|p| p == l))
}

/// The longest prefix of `path` that is one of `known`'s modules.
fn module_of(path: &[String], known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
}

/// The problems with the layering of `modules`, one line each.
fn problems(modules: &[Module]) -> Vec<String> {
    let known: BTreeSet<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for module in modules {
        let Some(from) = layer_of(&module.path) else {
            continue; // lib.rs names the layers and may re-export from any
        };
        for (line, path) in imports(module) {
            let shown = format!(
                "{}:{line}: `crate::{}`",
                module.file.display(),
                path.join("::")
            );
            match layer_of(&path) {
                None => problems.push(format!(
                    "{shown}: imported through the crate root's re-export; use its layer's path"
                )),
                Some(to) if to > from => problems.push(format!(
                    "{shown}: the {} layer may not import from the {} layer above it; \
                     move what both need down (ARCHITECTURE.md)",
                    LAYERS[from], LAYERS[to]
                )),
                Some(_) => {}
            }
            if let Some(target) = module_of(&path, &known) {
                let is_ancestor = module.path.starts_with(&target);
                if !is_ancestor && target != module.path {
                    graph.entry(module.path.clone()).or_default().insert(target);
                }
            }
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        let names: Vec<String> = cycle.iter().map(|p| p.join("::")).collect();
        problems.push(format!(
            "an import circle: {}; move the types both sides need into a lower module",
            names.join(" -> ")
        ));
    }
    problems
}

/// A circle in `graph`, as the modules along it with the first repeated at the end.
fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    fn visit<'g>(
        node: &'g Vec<String>,
        graph: &'g BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<&'g Vec<String>>,
        done: &mut BTreeSet<&'g Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut cycle: Vec<Vec<String>> = stack[at..].iter().map(|n| (*n).clone()).collect();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn every_import_points_down_and_none_goes_round() {
    let modules = modules();
    assert!(
        modules.iter().any(|m| m.path == ["load", "site"]),
        "the library's sources were not found"
    );
    let problems = problems(&modules);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn module(path: &str, text: &str) -> Module {
    Module {
        file: PathBuf::from(format!("src/{}.rs", path.replace("::", "/"))),
        path: path.split("::").map(String::from).collect(),
        text: text.to_string(),
    }
}

#[test]
fn an_import_from_a_higher_layer_is_named_with_its_file_and_line() {
    let modules = [
        module(
            "model::site",
            "//! doc\nuse crate::{util::error::Diagnostic, load::links::NoteLinks};\n",
        ),
        module("load::links", "use crate::util::error::Diagnostic;\n"),
        module("util::error", ""),
    ];
    let problems = problems(&modules);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("src/model/site.rs:2: `crate::load::links::NoteLinks`: the model layer may not import from the load layer"),
        "{}",
        problems[0]
    );
}

#[test]
fn a_circle_inside_a_layer_is_named() {
    let modules = [
        module(
            "load::site",
            "use crate::load::links::{self, resolve_all};\n",
        ),
        module("load::links", "fn f() { crate::load::site::Note::new() }\n"),
    ];
    assert_eq!(
        problems(&modules),
        [
            "an import circle: load::links -> load::site -> load::links; \
          move the types both sides need into a lower module"
        ]
    );
}

#[test]
fn comments_and_imports_from_below_or_within_are_allowed() {
    let modules = [
        module(
            "output::render",
            "/// see [`crate::command::build`]\nuse crate::load::site::Site;\nuse super::search;\n",
        ),
        module("output::search", "mod tests { use super::*; }\n"),
        module("load::site", ""),
    ];
    assert_eq!(problems(&modules), Vec::<String>::new());
}

#[test]
fn super_paths_that_leave_the_layer_count_as_imports_from_the_crate_root() {
    let modules = [module("util::html", "use super::super::command::build;\n")];
    let problems = problems(&modules);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("the util layer may not import from the command layer"));
}
