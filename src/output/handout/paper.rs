//! The paper a PDF handout is printed on. In: `--paper`, or else the site's language (a BCP 47
//! tag). Out: a [`Paper`] and the `@page` rule that makes Chromium print on it.
//!
//! A4 everywhere except where Letter is the norm. Which places those are comes from the Unicode
//! CLDR (`supplementalData.xml`, `<paperSize type="US-Letter">`), the data ICU and glibc's
//! `LC_PAPER` follow, so a site in `en-US`, `en-CA`, `fr-CA` or `es-MX` prints on the paper its
//! readers' printers hold. A language without a region (`en`, `es`) says nothing about paper:
//! A4, the world's default.

/// A sheet size Chromium knows by name in `@page { size: ... }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

/// The regions whose paper is US Letter (CLDR 46: Belize, Canada, Chile, Colombia, Costa Rica,
/// Guatemala, Mexico, Nicaragua, Panama, the Philippines, Puerto Rico, El Salvador, the United
/// States, Venezuela).
const LETTER_REGIONS: &[&str] = &[
    "BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE",
];

impl Paper {
    /// The paper of the region a language tag names (`en-US`, `es-MX`, `zh-Hant-TW`), A4 when
    /// it names none.
    pub fn for_language(tag: &str) -> Paper {
        // The region is the first two-letter subtag after the language (BCP 47: after an
        // optional four-letter script); the language subtag itself is never one.
        let region = tag
            .split(['-', '_'])
            .skip(1)
            .take_while(|s| s.len() != 1) // a singleton starts extensions (`-u-`, `-x-`)
            .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()));
        match region {
            Some(r) if LETTER_REGIONS.contains(&r.to_ascii_uppercase().as_str()) => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// Its name in CSS's `@page { size }` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }

    /// The style that sets the page size for Chromium's `--print-to-pdf`, which otherwise prints
    /// on Letter whatever the locale. Added to the printed copy only: the HTML handout leaves
    /// the paper to the reader's print dialog.
    pub(crate) fn style(self) -> String {
        format!("<style>@page {{ size: {}; }}</style>\n", self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_only_where_the_region_uses_it() {
        for tag in [
            "en-US",
            "en-ca",
            "fr-CA",
            "es-MX",
            "es_CO",
            "zh-Hant-PH",
            "en-US-x-foo",
        ] {
            assert_eq!(Paper::for_language(tag), Paper::Letter, "{tag}");
        }
        for tag in [
            "en", "en-GB", "de-CH", "es", "es-419", "fr", "", "en-x-us", "sr-Latn",
        ] {
            assert_eq!(Paper::for_language(tag), Paper::A4, "{tag}");
        }
    }
}
