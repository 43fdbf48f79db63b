//! The note pages (and the handout) the preview serves, rendered when the browser asks for
//! them. In: the kept site, its templates and a page's path in the site (`compute/vms.html`).
//! Out: the page's HTML, byte for byte what `build` writes there (the build's own
//! [`highlight::blocks`], [`render_note`] and [`handout::write_course`]), kept until an edit
//! touches what the page shows.

use crate::command::build::Built;
use crate::markup::highlight;
use crate::output::handout;
use crate::output::render::render_note;
use crate::util::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Rendered pages by path, until forgotten.
#[derive(Default)]
pub struct Pages {
    cache: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

impl Pages {
    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<u8>>>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The page of the note at `path`, or `None` when no note's page is there.
    pub fn note(&self, built: &Built, path: &str) -> Option<Result<Arc<Vec<u8>>>> {
        if let Some(page) = self.cache().get(path) {
            return Some(Ok(Arc::clone(page)));
        }
        let site = &built.site;
        // Rendered without the cache's lock: other pages are served meanwhile.
        let rendered = if path == site.pages.handout && site.writes_handout() {
            let mut html = Vec::new();
            handout::write_course(
                site,
                &built.templates,
                &mut |piece| {
                    html.extend_from_slice(piece.as_bytes());
                    Ok(())
                },
                &|id| Ok(highlight::blocks(&site.notes[id].analysis.code_blocks)),
            )
            .map(|()| html)
        } else {
            let id = site.notes.iter().position(|n| n.url == path)?;
            let code = highlight::blocks(&site.notes[id].analysis.code_blocks);
            render_note(site, &built.templates, id, &code).map(String::into_bytes)
        };
        let page = match rendered {
            Ok(html) => Arc::new(html),
            Err(e) => return Some(Err(e)),
        };
        self.cache().insert(path.to_string(), Arc::clone(&page));
        Some(Ok(page))
    }

    /// Forgets these pages, and the handout (at `handout`), which shows every note: the next
    /// request renders them again.
    pub fn forget(&self, paths: &[String], handout: &str) {
        let mut cache = self.cache();
        cache.remove(handout);
        for path in paths {
            cache.remove(path);
        }
    }

    /// Forgets every page.
    pub fn clear(&self) {
        self.cache().clear();
    }
}
