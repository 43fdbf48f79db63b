//! The commands the binary runs, on top of everything. In: the command line's options. Out: a
//! built or checked site ([`build`]), a live preview ([`serve`]), new notes and sites
//! ([`scaffold`]), a handout as HTML and PDF ([`handout`]), and whether `build` has anything to
//! do ([`fingerprint`]).

pub mod build;
pub mod fingerprint;
pub mod handout;
pub mod scaffold;
pub mod serve;
