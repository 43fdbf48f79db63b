//! The shared data model. In: nothing but [`crate::util`]. Out: the types every stage fills or
//! reads: the settings ([`config`]), and the loaded site with its notes, their analysis,
//! resolved links, comparisons, outline and tags. The loading stages fill them; the outputs
//! only read them.

pub mod config;
