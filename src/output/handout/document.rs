//! The handout's document. In: a loaded site, the templates, the selected notes and each note's
//! highlighted code. Out: one self-contained HTML page, handed to a sink in pieces: the
//! template cut at its markers, each note rendered (its links resolved to in-page anchors or
//! left as text), rewritten ([`super::rewrite`]) and sanitized, with the contents
//! ([`super::contents`]), the inlined CSS and the images as `data:` URIs.

use super::*;
use crate::markup::highlight;
use crate::model::link::{Destination, LinkKind};
use crate::model::site::{NoteId, Site};
use crate::output::compare;
use crate::output::markdown;
use crate::output::markdown::{LinkResolver, Rendered, ResolvedLink};
use crate::output::render::Templates;
use crate::output::transclude::Shown;
use crate::util::assets;
use crate::util::error::{Error, Result};
use crate::util::mime;
use crate::util::url::Href;
use base64::Engine as _;
use lol_html::errors::RewritingError;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashSet;

/// One note's body, rendered with its links pointing into the handout.
pub(crate) struct Body {
    pub(crate) html: String,
    /// Whether a note's raw HTML is in it ([`Rendered`]): only then is it sanitized.
    pub(crate) raw_html: bool,
    /// The notes (and anchors in them) its `studysite-handout:N` links point to.
    pub(crate) targets: Vec<(NoteId, Option<String>)>,
}

/// What every note's rendering shares.
pub(crate) struct Shared<'a> {
    pub(crate) site: &'a Site,
    pub(crate) included: HashSet<NoteId>,
    /// Marks the insides of code blocks that lol_html skips (see [`Code`]).
    pub(crate) code_marker: Marker,
}

impl Shared<'_> {
    /// A link to something the handout leaves out: absolute when the site has a `base_url`,
    /// otherwise plain text.
    pub(crate) fn outside(&self, path: &str, fragment: Option<&str>) -> ResolvedLink {
        match &self.site.settings.site.base_url {
            Some(base) => ResolvedLink {
                href: match fragment {
                    Some(f) => Href::absolute(base, path).with_fragment(f),
                    None => Href::absolute(base, path),
                }
                .into_string(),
                external: true,
                note: None,
            },
            None => ResolvedLink {
                href: DROP.into(),
                external: false,
                note: None,
            },
        }
    }

    /// Where a link to note `to` goes: a numbered target when the note is in the handout.
    pub(crate) fn note_link(
        &self,
        to: NoteId,
        fragment: Option<String>,
        targets: &mut Vec<(NoteId, Option<String>)>,
    ) -> ResolvedLink {
        if self.included.contains(&to) {
            targets.push((to, fragment));
            ResolvedLink {
                href: format!("{TARGET}{}", targets.len() - 1),
                external: false,
                note: Some(to),
            }
        } else {
            // Still a note: an embed of it shows its content.
            ResolvedLink {
                note: Some(to),
                ..self.outside(&self.site.notes[to].url, fragment.as_deref())
            }
        }
    }

    /// Where a link in the raw HTML of note `id`'s body goes, as the link stage resolved it:
    /// from the note that writes it, which is `id` or a note whose part it embeds (nearest
    /// first); `None` when it did not resolve.
    pub(crate) fn in_html(&self, id: NoteId, kind: LinkKind, target: &str) -> Option<&Destination> {
        let links = &self.site.links;
        let mut notes = vec![id];
        let mut next = 0;
        while let Some(&from) = notes.get(next) {
            if let Some(destination) = links[from].in_html(kind, target) {
                return Some(destination);
            }
            for (_, to, _) in links[from].embedded_notes() {
                if !notes.contains(&to) {
                    notes.push(to);
                }
            }
            next += 1;
        }
        None
    }

    /// Note `id`'s body, with `code` as its code blocks' HTML.
    pub(crate) fn render_body(&self, id: NoteId, code: &[String]) -> Result<Body> {
        let site = self.site;
        let note = &site.notes[id];
        let targets = RefCell::new(Vec::new());
        let failed = RefCell::new(None);
        let links = HandoutLinks::of(self, id, &targets, Shown::page(id), &failed)?;
        let comparisons = site.comparisons_in(id);
        let headers: Vec<Vec<Option<String>>> = comparisons
            .iter()
            .map(|c| {
                c.things
                    .iter()
                    .map(|t| {
                        let link = self.note_link(t.note?, None, &mut targets.borrow_mut());
                        (link.href != DROP).then_some(link.href)
                    })
                    .collect()
            })
            .collect();
        let html = markdown::render(note.body(), &note.analysis, code, &links, &|i| match (
            comparisons.get(i),
            headers.get(i),
        ) {
            (Some(c), Some(hrefs)) => compare::table_html(c, hrefs, &|md| {
                markdown::render_inline(md, &note.analysis, &links as &dyn LinkResolver)
            }),
            _ => Rendered::default(),
        });
        if let Some(error) = failed.into_inner() {
            return Err(error);
        }
        Ok(Body {
            html: html.html,
            raw_html: html.raw_html,
            targets: targets.into_inner(),
        })
    }

    /// A body as lol_html should read it: without the insides of its code blocks (`blocks`,
    /// their HTML), and if that fails, whole.
    pub(crate) fn code<'h>(&'h self, blocks: &[String], html: &'h str) -> [Code<'h>; 2] {
        [
            Code::cut(html, blocks, &self.code_marker),
            Code::whole(html),
        ]
    }

    /// A note's body, with `code` as its code blocks' HTML, ready for the handout.
    pub(crate) fn content(&self, ids: &Ids<'_>, id: NoteId, code: &[String]) -> Result<String> {
        let body = self.render_body(id, code)?;
        rewrite(self, ids, id, &body, code)
    }

    /// The error of a note whose HTML lol_html could not rewrite: mostly an image it could not
    /// read to embed.
    pub(crate) fn html_error(&self, id: NoteId, error: RewritingError) -> Error {
        match error {
            RewritingError::ContentHandlerError(e) => match e.downcast::<Error>() {
                Ok(e) => *e,
                Err(e) => html_diagnostic(&e.to_string(), &self.site.notes[id].display),
            },
            e => html_diagnostic(&e.to_string(), &self.site.notes[id].display),
        }
    }
}

/// A note's file as a `data:` URI.
pub(crate) fn data_uri(site: &Site, rel: &str) -> Result<String> {
    let path = site.settings.notes_dir.join(rel);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    let mime = mime::of_extension(rel.rsplit('.').next().unwrap_or(""));
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

#[derive(Serialize)]
pub(crate) struct NoteCtx<'a> {
    pub(crate) anchor: &'a str,
    pub(crate) title: &'a str,
    /// False when the note opens with its own `# H1`.
    pub(crate) show_title: bool,
    pub(crate) summary: Option<&'a str>,
    /// The sections the note is in, outermost first.
    pub(crate) sections: Vec<&'a str>,
    pub(crate) tags: Vec<TagCtx>,
    pub(crate) updated: Option<&'a str>,
    pub(crate) content: String,
}

#[derive(Serialize)]
pub(crate) struct TagCtx {
    pub(crate) name: String,
    pub(crate) href: Option<String>,
}

/// The handout template, and what each rendering of it shares.
pub(crate) struct Page<'a> {
    pub(crate) site: &'a Site,
    pub(crate) templates: &'a Templates,
    pub(crate) subtitle: Option<&'a str>,
    pub(crate) date: String,
    pub(crate) css: String,
    /// After the last note ([`SelfTest::key_html`]).
    pub(crate) answer_key: String,
}

impl Page<'_> {
    pub(crate) fn render(&self, toc: &str, notes: &[NoteCtx]) -> Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site.settings.site);
        ctx.insert("subtitle", &self.subtitle);
        ctx.insert("date", &self.date);
        ctx.insert("generator", GENERATOR);
        ctx.insert("css", &self.css);
        ctx.insert("toc", toc);
        ctx.insert("notes", notes);
        ctx.insert("answer_key", &self.answer_key);
        self.templates
            .render(TEMPLATE, &ctx, &self.site.settings.root)
    }
}

/// Stands in for a note's content when the template is rendered: `<!--studysite-handout-note
/// 5f0e9a1c2b3d4e6f 12-->` for the 13th note (and for the inside of a code block, see [`Code`]).
/// The random key keeps what a template or a note writes from being taken for a marker.
pub(crate) struct Marker {
    pub(crate) prefix: String,
}

/// A piece of the handout: the rendered template's text, or a note's content.
#[derive(Debug, PartialEq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Note(usize),
}

impl Marker {
    /// Markers `<!--{name} {random key} {i}-->`.
    pub(crate) fn new(name: &str) -> Marker {
        use std::hash::BuildHasher;
        let key = std::collections::hash_map::RandomState::new().hash_one(FILE);
        Marker {
            prefix: format!("<!--{name} {key:016x} "),
        }
    }

    /// The marker of the `i`th note (or code block).
    pub(crate) fn of(&self, i: usize) -> String {
        format!("{}{i}-->", self.prefix)
    }

    /// Which marker a comment's text (without `<!--` and `-->`) is.
    pub(crate) fn index(&self, comment: &str) -> Option<usize> {
        comment
            .strip_prefix(&self.prefix["<!--".len()..])?
            .parse()
            .ok()
    }

    /// The rendered template, cut at the markers of its `notes` notes.
    pub(crate) fn split<'d>(&self, document: &'d str, notes: usize) -> Vec<Piece<'d>> {
        let mut pieces = Vec::with_capacity(2 * notes + 1);
        let mut rest = document;
        let mut text = 0;
        while let Some(pos) = rest[text..].find(&self.prefix).map(|p| text + p) {
            let after = &rest[pos + self.prefix.len()..];
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            match after[..digits].parse::<usize>() {
                Ok(i) if i < notes && after[digits..].starts_with("-->") => {
                    pieces.push(Piece::Text(&rest[..pos]));
                    pieces.push(Piece::Note(i));
                    rest = &after[digits + 3..];
                    text = 0;
                }
                _ => text = pos + self.prefix.len(),
            }
        }
        pieces.push(Piece::Text(rest));
        pieces
    }
}

/// The site's stylesheet (its own `static/style.css`, or the built-in one) and the highlighting
/// styles, for a `<style>` element. Dark themes apply on screen only: paper is white.
pub(crate) fn stylesheet(site: &Site) -> Result<String> {
    let own = site.settings.root.join("static").join("style.css");
    let css = if own.is_file() {
        std::fs::read_to_string(&own).map_err(|e| Error::io("read", &own, e))?
    } else {
        String::from_utf8_lossy(assets::builtin(assets::STATIC, "style.css").unwrap_or_default())
            .into_owned()
    };
    Ok(format!("{css}\n{}", highlight::stylesheet())
        .replace(
            "@media (prefers-color-scheme: dark)",
            "@media screen and (prefers-color-scheme: dark)",
        )
        .replace("</style", "<\\/style"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_cut_the_template() {
        let marker = Marker::new("test");
        let page = format!(
            "<a>{}</a>{}{}-->{}",
            marker.of(0),
            marker.of(7),
            marker.prefix,
            marker.of(1)
        );
        assert_eq!(
            marker.split(&page, 2),
            [
                Piece::Text("<a>"),
                Piece::Note(0),
                Piece::Text(&format!("</a>{}{}-->", marker.of(7), marker.prefix)),
                Piece::Note(1),
                Piece::Text("")
            ]
        );
        assert_eq!(marker.split("none", 2), [Piece::Text("none")]);
    }
}
