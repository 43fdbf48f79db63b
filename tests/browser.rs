//! Real-browser tests: the browser fixture (`tests/fixtures/browser`, made for these tests) is
//! built once per test process with the studysite binary, then driven in Debian's headless
//! Chromium over the DevTools protocol. One Chromium serves the whole process; each test gets a
//! fresh incognito context in it. One module per feature.
//!
//! Without Chromium (`/usr/bin/chromium`, or the path in `CHROMIUM` at build time) build.rs
//! compiles these tests as `#[ignore = "needs chromium"]`, so `cargo test` reports them as
//! ignored, never as passed; `.ci/run` runs them with `--include-ignored`, where a missing
//! browser fails. No browser is ever downloaded, and nothing but `file://` and `127.0.0.1` is
//! touched.

#[path = "browser/a11y.rs"]
mod a11y;
#[path = "browser/code.rs"]
mod code;
#[path = "browser/drawer.rs"]
mod drawer;
#[path = "browser/glossary.rs"]
mod glossary;
#[path = "browser/layout.rs"]
mod layout;
#[path = "browser/math.rs"]
mod math;
#[path = "browser/navigation.rs"]
mod navigation;
#[path = "browser/previews.rs"]
mod previews;
#[path = "browser/print.rs"]
mod print;
#[path = "browser/review.rs"]
mod review;
#[path = "browser/review_after.rs"]
mod review_after;
#[path = "browser/review_first.rs"]
mod review_first;
#[path = "browser/review_parts.rs"]
mod review_parts;
#[path = "browser/safety.rs"]
mod safety;
#[path = "browser/search.rs"]
mod search;
#[path = "browser/search_chunks.rs"]
mod search_chunks;
#[path = "browser/server.rs"]
mod server;
#[path = "browser/study.rs"]
mod study;
#[path = "browser/support.rs"]
mod support;
#[path = "browser/theme.rs"]
mod theme;

/// The fixture's page with a comparison table, used by the study-mode and layout tests.
const COMPARISON_PAGE: &str = "compare/queues-vs-streams.html";
