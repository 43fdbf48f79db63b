//! Progress reports. In: a stage's name and size, then its steps, from the long stages (loading,
//! rendering). Out: whatever the caller shows; the CLI draws a bar, tests and `serve` show nothing.

/// Receives progress reports; the CLI shows them as a progress bar, tests ignore them.
pub trait Progress: Sync {
    /// A new stage begins, with `total` steps.
    fn stage(&self, name: &str, total: u64);
    fn advance(&self, steps: u64);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}
