//! The commands the binary runs, on top of everything. In: the command line's options. Out: a
//! built or checked site ([`build`]), a live preview ([`serve`]), new notes and sites
//! ([`scaffold`]), and whether `build` has anything to do ([`fingerprint`]). The handout
//! command is [`crate::output::handout::make`].

pub mod build;
pub mod fingerprint;
pub mod scaffold;
pub mod serve;
