//! The cards' outputs. In: a loaded site and its deck ([`crate::model::cards`]). Out:
//! [`anki`] (`cards.tsv` for Anki), [`bundle`] (`cards.js` and `cards/` for the review page),
//! [`data`] (what note pages and the review page show of the cards), [`answers`] (a handout's self-test: its answer key and the
//! answers taken out of the notes).

pub mod anki;
pub mod answers;
pub mod bundle;
pub mod data;
