//! Integration tests: each builds a site into a temporary folder with the real binary and looks
//! at the result with a real HTML parser.

mod cli;
mod common;
mod course;
mod handout;
mod obsidian;
mod realworld;
mod serve;
mod site;
mod uptodate;
