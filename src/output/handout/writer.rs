//! The handout as a peer of the pages, fed by the course loop ([`crate::output::course`]).
//! In: a loaded site, the templates, a [`Selection`] and a [`SelfTest`]; then each selected
//! note with its highlighted code, in course order. Out: the document handed to a sink piece
//! by piece, never whole in memory.
//!
//! [`Writer::new`] does what must come before any note's part: it gives every note's ids (as
//! the loading stage found them, [`transclude::body_ids`]) their names in the handout (each
//! must take no id of the template or of an earlier note) and renders the template once,
//! with a marker in place of each note's content. As a [`NoteOutput`], it then makes a note's
//! part from the same code as the note's page; [`Writing`] hands the template's text and the
//! parts to the sink in document order.

use super::*;
use crate::markup::anchors;
use crate::model::site::{NoteId, Site};
use crate::output::cards::answers::SelfTest;
use crate::output::course::{self, CodeSource, NoteOutput};
use crate::output::render::Templates;
use crate::output::transclude;
use crate::util::error::{Diagnostic, Result};
use crate::util::ids::{slugify, IdAllocator};
use crate::util::url::Href;
use std::collections::{HashMap, HashSet};

/// The sink for the document's pieces, in order.
pub type Sink<'a> = dyn FnMut(&str) -> Result<()> + Send + 'a;

/// A handout whose ids are known and whose template is rendered, ready for its notes' parts.
pub struct Writer<'a> {
    shared: Shared<'a>,
    anchors: HashMap<NoteId, String>,
    maps: HashMap<NoteId, HashMap<String, String>>,
    self_test: SelfTest,
    /// The rendered template, a [`Marker`] in place of each note's content.
    document: String,
    marker: Marker,
    /// Each note's place among the selected notes, and how many times the template shows its
    /// content (once, unless a site's own template does otherwise).
    shown: HashMap<NoteId, (usize, usize)>,
    handout: Handout,
}

impl<'a> Writer<'a> {
    /// The handout of `selection`: its notes chosen, their ids named and the template
    /// rendered.
    pub fn new(
        site: &'a Site,
        templates: &Templates,
        selection: &Selection,
        self_test: SelfTest,
    ) -> Result<Writer<'a>> {
        let (notes, subtitle) = select(site, selection)?;
        let shared = Shared {
            site,
            included: notes.iter().copied().collect::<HashSet<_>>(),
            code_marker: Marker::new("studysite-handout-code"),
        };

        // Ids: the template's own first, then each note's anchor and its ids, prefixed.
        let page = Page {
            site,
            templates,
            subtitle: subtitle.as_deref(),
            date: crate::util::date::today(),
            css: stylesheet(site)?,
            answer_key: self_test.key_html(site, &notes),
        };
        let skeleton = page.render("", &[])?;
        let template_ids = anchors::anchors_in(&skeleton).map_err(|e| {
            Diagnostic::error(format!("cannot read the ids of the handout template: {e}"))
        })?;
        let mut used = IdAllocator::taking(template_ids.into_iter().map(|(_, id)| id));
        let mut anchors: HashMap<NoteId, String> = HashMap::new();
        let mut maps: HashMap<NoteId, HashMap<String, String>> = HashMap::new();
        for &id in &notes {
            let anchor = used.allocate(note_anchor(&site.notes[id].slug));
            let mut map = HashMap::new();
            for local in transclude::body_ids(site, id) {
                if let std::collections::hash_map::Entry::Vacant(entry) = map.entry(local) {
                    let global = used.allocate(format!("{anchor}--{}", entry.key()));
                    entry.insert(global);
                }
            }
            anchors.insert(id, anchor);
            maps.insert(id, map);
        }
        drop(used);

        let marker = Marker::new("studysite-handout-note");
        let base_url = site.settings.site.base_url.as_deref();
        let note_ctx: Vec<NoteCtx> = notes
            .iter()
            .enumerate()
            .map(|(i, &id)| {
                let note = &site.notes[id];
                NoteCtx {
                    anchor: &anchors[&id],
                    title: &note.title,
                    show_title: !note.analysis.starts_with_h1,
                    summary: note.meta.summary.as_deref(),
                    sections: site
                        .breadcrumbs(id)
                        .into_iter()
                        .filter(|s| s.index != Some(id))
                        .map(|s| s.title.as_str())
                        .collect(),
                    tags: note
                        .meta
                        .tags
                        .iter()
                        .map(|t| TagCtx {
                            name: t.clone(),
                            href: base_url.map(|b| {
                                Href::absolute(b, &format!("tags/{}.html", slugify(t)))
                                    .into_string()
                            }),
                        })
                        .collect(),
                    updated: note.meta.updated.as_deref(),
                    content: marker.of(i),
                }
            })
            .collect();
        let toc = toc_html(site, &shared.included, &anchors);
        let document = page.render(&toc, &note_ctx)?;
        drop((note_ctx, toc));

        let mut times = vec![0; notes.len()];
        for piece in marker.split(&document, notes.len()) {
            if let Piece::Note(i) = piece {
                times[i] += 1;
            }
        }
        let shown = notes.iter().enumerate().map(|(i, &id)| (id, (i, times[i])));
        let shown = shown.collect();
        Ok(Writer {
            shared,
            anchors,
            maps,
            self_test,
            document,
            marker,
            shown,
            handout: Handout { notes, subtitle },
        })
    }

    /// The notes it holds, in course order: what to feed it.
    pub fn notes(&self) -> &[NoteId] {
        &self.handout.notes
    }

    /// What it holds.
    pub fn into_handout(self) -> Handout {
        self.handout
    }

    /// Starts handing the document to `sink`.
    pub fn writing<'w>(&'w self, sink: &'w mut Sink<'w>) -> Writing<'w> {
        Writing {
            writer: self,
            pieces: self.marker.split(&self.document, self.handout.notes.len()),
            next: 0,
            waiting: HashMap::new(),
            sink,
        }
    }
}

impl NoteOutput for Writer<'_> {
    /// Note `id`'s part: its body rendered with the handout's links, its ids prefixed, its
    /// images embedded, sanitized; `None` for a note the handout does not show.
    fn note(&self, id: NoteId, code: &[String]) -> Result<Option<String>> {
        if self.shown.get(&id).is_none_or(|&(_, times)| times == 0) {
            return Ok(None);
        }
        let ids = Ids {
            anchors: &self.anchors,
            maps: &self.maps,
        };
        let content = self.shared.content(&ids, id, code)?;
        Ok(Some(self.self_test.rewrite(content)))
    }
}

/// The document on its way to the sink: the template's text as it is, each note's part in its
/// marker's place as it arrives.
pub struct Writing<'w> {
    writer: &'w Writer<'w>,
    pieces: Vec<Piece<'w>>,
    /// The first piece not yet handed over.
    next: usize,
    /// Parts that came before the template's text reached them, with how many more times each
    /// is shown; only when a site's own template shows notes out of course order.
    waiting: HashMap<usize, (String, usize)>,
    sink: &'w mut Sink<'w>,
}

impl Writing<'_> {
    /// Takes note `id`'s part ([`Writer`]'s [`NoteOutput::note`]) and hands over all it can.
    pub fn take(&mut self, id: NoteId, part: String) -> Result<()> {
        if let Some(&(i, times)) = self.writer.shown.get(&id) {
            self.waiting.insert(i, (part, times));
        }
        self.hand_over()
    }

    /// Hands over the rest: every part must have been taken.
    pub fn finish(mut self) -> Result<()> {
        self.hand_over()?;
        debug_assert_eq!(self.next, self.pieces.len(), "a note's part never came");
        Ok(())
    }

    fn hand_over(&mut self) -> Result<()> {
        while let Some(piece) = self.pieces.get(self.next) {
            match *piece {
                Piece::Text(text) => (self.sink)(text)?,
                Piece::Note(i) => {
                    let Some((part, times)) = self.waiting.get_mut(&i) else {
                        return Ok(());
                    };
                    (self.sink)(part)?;
                    *times -= 1;
                    if *times == 0 {
                        self.waiting.remove(&i);
                    }
                }
            }
            self.next += 1;
        }
        Ok(())
    }
}

/// Writes the handout of `selection` to `sink`, piece by piece, in order, with `code` as each
/// note's code blocks' HTML: the handout alone, for `studysite handout` and the preview.
pub fn write(
    site: &Site,
    templates: &Templates,
    selection: &Selection,
    self_test: SelfTest,
    sink: &mut Sink<'_>,
    code: &CodeSource<'_>,
) -> Result<Handout> {
    let writer = Writer::new(site, templates, selection, self_test)?;
    let mut sink = |piece: &str| sink(piece);
    let mut writing = writer.writing(&mut sink);
    course::feed(writer.notes(), code, &[&writer], &mut |_, id, part| {
        writing.take(id, part)
    })?;
    writing.finish()?;
    Ok(writer.into_handout())
}

/// The whole course's handout, handed to `sink` piece by piece, in order; see [`write()`].
pub fn write_course(
    site: &Site,
    templates: &Templates,
    sink: &mut Sink<'_>,
    code: &CodeSource<'_>,
) -> Result<()> {
    write(
        site,
        templates,
        &Selection::Course,
        SelfTest::SITE,
        sink,
        code,
    )
    .map(drop)
}
