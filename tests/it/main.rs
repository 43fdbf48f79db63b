//! Integration tests: each builds a site into a temporary folder with the real binary and looks
//! at the result with a real HTML parser.

mod body_ids;
mod cache;
mod cards;
mod cli;
mod common;
mod course;
mod glossary;
mod handout;
mod handout_policy;
mod include;
mod layers;
mod math;
mod math_mathjax;
mod mkdocs;
mod obsidian;
mod outline;
mod page_foot;
mod page_meta;
mod print;
mod realworld;
mod safety_bounds;
mod safety_handout;
mod safety_links;
mod safety_paths;
mod safety_serve;
mod serve;
mod serve_edits;
mod serve_incremental;
mod serve_save;
mod site;
mod uptodate;
