//! Integration tests: each builds a site into a temporary folder with the real binary and looks
//! at the result with a real HTML parser.

mod cli;
mod common;
mod course;
mod handout;
mod realworld;
mod safety_handout;
mod serve;
mod site;
mod uptodate;
