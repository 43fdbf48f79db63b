//! The outputs, peers over one loaded site, which they read and never change. In: a
//! [`crate::Site`] and the templates. Out: a note's body as HTML ([`markdown`], the second
//! Markdown pass) with the pages' link policy ([`page_links`]), the pages and the site's own
//! pages with the sitemap ([`render`]), the course on one printable page ([`handout`]), the
//! search index ([`search`]), every note's link preview ([`previews`]), comparison tables for
//! pages and handout alike ([`compare`]), all written through the staged output folder
//! ([`write`](mod@write)).

pub mod cards;
pub mod compare;
pub mod course;
pub mod glossary;
pub mod handout;
pub mod markdown;
pub mod page_links;
pub mod previews;
pub mod render;
pub mod search;
pub mod transclude;
pub mod write;
