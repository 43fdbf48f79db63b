//! The shared data model. In: nothing but [`crate::util`]. Out: the types every stage fills or
//! reads: the settings ([`config`]), and the loaded site with its notes, their analysis,
//! resolved links, comparisons, outline and tags. The loading stages fill them; the outputs
//! only read them.

/// A note, by its index in the loaded site's notes.
pub type NoteId = usize;

pub mod analysis;
pub mod cards;
pub mod comparison;
pub mod config;
pub mod glossary;
pub mod link;
pub mod meta;
pub mod site;
