//! The loading stages, which fill the model. In: the [`crate::model::config::Settings`]. Out: a
//! loaded [`crate::model::site::Site`] or every problem found on the way. In order: [`discover`] (the files)
//! -> [`frontmatter`] and [`markdown`] analysis, with [`compare`] blocks parsed and every
//! [`formula`] converted and mdBook's code [`include`]s expanded, Material for MkDocs' blocks read as callouts ([`mkdocs`]) (per note, in parallel) -> [`links`] (every link resolved or reported) -> [`site`] (assembled: outline,
//! course order, tags, comparisons with their notes).

pub mod cards;
pub mod compare;
pub mod discover;
pub mod formula;
pub mod frontmatter;
pub mod glossary;
pub mod include;
pub mod links;
pub mod markdown;
pub mod mkdocs;
pub mod obsidian;
pub mod site;
