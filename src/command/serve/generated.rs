//! The files the preview generates from every note, made when the browser first asks for one
//! of them and kept until an edit changes what they show. In: the kept site, its templates and
//! a path in the site. Out: the file's bytes as `build` writes them, from the build's own
//! [`search::write`] (the search index under `search/`), [`render_site`] (the home, tag,
//! comparison, review and glossary pages, 404, the sitemap, the notes' link previews) and the cards'
//! files ([`cards::anki`], [`cards::bundle`]), or `None` when none of them makes that path.
//!
//! So an edit never waits for them: every edit forgets them, and the first request after it
//! generates them anew.

use crate::command::build::Built;
use crate::output::cards;
use crate::output::previews;
use crate::output::render::render_site;
use crate::output::search;
use crate::util::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

type Files = HashMap<String, Arc<Vec<u8>>>;

/// The generated files, each set made whole on first request.
#[derive(Default)]
pub struct Generated {
    search: Mutex<Option<Files>>,
    listings: Mutex<Option<Files>>,
    cards: Mutex<Option<Files>>,
}

impl Generated {
    /// The generated file at `path` (`search/meta.js`, `tags/aws.html`), or `None` when the
    /// build writes nothing there from the notes.
    pub fn file(&self, built: &Built, path: &str) -> Option<Result<Arc<Vec<u8>>>> {
        let (set, make): (_, fn(&Built, &Sink) -> Result<()>) = if path.starts_with("search/") {
            (&self.search, |b, sink| search::write(&b.site, sink))
        } else if path == cards::anki::FILE
            || path == cards::bundle::INDEX
            || path.starts_with(cards::bundle::DIR)
        {
            (&self.cards, |b, sink| {
                sink(cards::anki::FILE, cards::anki::tsv(&b.site).as_bytes())?;
                cards::bundle::write(&b.site, sink).map(drop)
            })
        } else if path.ends_with(".html")
            || path == "sitemap.xml"
            || path.starts_with(&format!("{}/", previews::DIR))
        {
            (&self.listings, |b, sink| {
                // The review page's data block, the cards' files dropped: they are the other set.
                let review_data = cards::bundle::write(&b.site, &|_, _| Ok(()))?;
                render_site(&b.site, &b.templates, &review_data, sink).map(drop)
            })
        } else {
            return None;
        };
        // Made under the lock: a second request for the same set waits for the first.
        let mut files = lock(set);
        if files.is_none() {
            let made = Mutex::new(Files::new());
            let sink = |path: &str, bytes: &[u8]| {
                lock(&made).insert(path.to_string(), Arc::new(bytes.to_vec()));
                Ok(())
            };
            if let Err(e) = make(built, &sink) {
                return Some(Err(e));
            }
            *files = Some(made.into_inner().unwrap_or_else(|p| p.into_inner()));
        }
        files.as_ref()?.get(path).map(|f| Ok(Arc::clone(f)))
    }

    /// Forgets every generated file.
    pub fn clear(&self) {
        *lock(&self.search) = None;
        *lock(&self.listings) = None;
        *lock(&self.cards) = None;
    }
}

type Sink<'s> = dyn Fn(&str, &[u8]) -> Result<()> + Sync + 's;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
