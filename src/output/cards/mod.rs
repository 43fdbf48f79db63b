//! The cards' outputs. In: a loaded site and its deck ([`crate::model::cards`]). Out:
//! [`anki`] (`cards.tsv` for Anki), [`data`] (`cards.js` for the review page, and what note
//! pages show of their cards), [`answers`] (a handout's self-test: its answer key and the
//! answers taken out of the notes).

pub mod anki;
pub mod answers;
pub mod data;
