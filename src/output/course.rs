//! The one loop that feeds the outputs made note by note, as mdBook's renderers are fed
//! chapter by chapter. In: the notes in course order, how a note's code becomes HTML
//! (highlighted by a build, left empty by `check`), and the outputs, each a [`NoteOutput`]:
//! the pages ([`Pages`]) and, when there is one, the handout
//! ([`crate::output::handout::Writer`]). Out: every output given every note with the same code,
//! highlighted once per note for all of them and dropped after; what an output makes of a note
//! to hand over (a handout's part) comes back in course order, a batch at a time, while the
//! next batch is made.
//!
//! The outputs read the loaded site and never change it; none drives the loop. The search
//! index, which needs no code, runs beside it; the sitemap and the site's own pages after it.

use crate::model::site::{NoteId, Site};
use crate::output::render::{render_note, Templates};
use crate::util::error::Result;
use crate::util::paths::RelPath;
use crate::util::progress::Progress;
use rayon::prelude::*;

/// An output made note by note.
pub trait NoteOutput: Sync {
    /// What this output makes of note `id`, `code` its code blocks' HTML; called from several
    /// threads at once. `Some` for a piece to hand over in course order (see [`feed`]), `None`
    /// when there is none (a page is written here; a note the output leaves out).
    fn note(&self, id: NoteId, code: &[String]) -> Result<Option<String>>;
}

/// A note's code blocks as HTML ([`crate::markup::highlight::blocks`]), asked once per note.
pub type CodeSource<'a> = dyn Fn(NoteId) -> Result<Vec<String>> + Sync + 'a;

/// Takes the pieces the outputs hand over: the output's index in `outputs`, the note, the
/// piece; in course order, on one thread.
pub type Take<'a> = dyn FnMut(usize, NoteId, String) -> Result<()> + Send + 'a;

/// How many notes are made (in parallel) before their pieces are handed over: at most this
/// many notes' pieces (a handout part is about 20 KB) are in memory at once. Each batch ends
/// with the threads waiting for the slowest, so fewer, bigger batches keep them busier.
pub const BATCH: usize = 256;

/// Gives each of `notes` (in course order) to every output, with its code from `code`, and
/// hands their pieces to `take` in that order.
pub fn feed(
    notes: &[NoteId],
    code: &CodeSource<'_>,
    outputs: &[&dyn NoteOutput],
    take: &mut Take<'_>,
) -> Result<()> {
    type Made<'n> = (&'n [NoteId], Vec<Vec<Option<String>>>);
    let hand = |(ids, made): Made<'_>, take: &mut Take<'_>| -> Result<()> {
        for (&id, pieces) in ids.iter().zip(made) {
            for (output, piece) in pieces.into_iter().enumerate() {
                if let Some(piece) = piece {
                    take(output, id, piece)?;
                }
            }
        }
        Ok(())
    };
    // Each batch's pieces are handed over while the next batch is made: handing over (writing)
    // is no work for the other threads to wait on.
    let mut made: Option<Made<'_>> = None;
    for batch in notes.chunks(BATCH) {
        let (taken, next) = rayon::join(
            || made.take().map_or(Ok(()), |m| hand(m, take)),
            || {
                batch
                    .par_iter()
                    .map(|&id| {
                        let code = code(id)?;
                        outputs.iter().map(|o| o.note(id, &code)).collect()
                    })
                    .collect::<Result<Vec<Vec<Option<String>>>>>()
            },
        );
        taken?;
        made = Some((batch, next?));
    }
    made.map_or(Ok(()), |m| hand(m, take))
}

/// The note pages as an output: each rendered ([`render_note`]) and handed to `write` at
/// its URL, which a build writes into the staging folder and `check` drops.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub write: &'a (dyn Fn(&RelPath, &[u8]) -> Result<()> + Sync),
    pub progress: &'a dyn Progress,
}

impl NoteOutput for Pages<'_> {
    fn note(&self, id: NoteId, code: &[String]) -> Result<Option<String>> {
        let html = render_note(self.site, self.templates, id, code)?;
        (self.write)(&RelPath::new(&self.site.notes[id].url)?, html.as_bytes())?;
        self.progress.advance(1);
        Ok(None)
    }
}
