//! Heading links by heading text, as Obsidian matches them.
//!
//! In: the fragment of a link (`Any type`, or `Part#Detail` for a heading under another) and a
//! note's headings in document order. Out: the heading it names, whose id the link is
//! rendered to. Text is compared folded ([`fold`]): Obsidian writes `[[Note#Heading sub]]` for
//! the heading `Heading: sub`, as `:` may not stand in a link.

use crate::model::analysis::Heading;

/// Heading text as Obsidian compares it: case ignored, punctuation and spaces left out.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The heading `fragment` names: `Part#Detail` is the first `Detail` after the first `Part`.
/// As in Obsidian, levels are not compared: vaults link `[[#Collections#Maps]]` where `Maps`
/// sits under a later heading of `Part`'s level.
pub fn find<'h>(headings: &'h [Heading], fragment: &str) -> Option<&'h Heading> {
    let mut from = 0;
    let mut found = None;
    for part in fragment.split('#') {
        let want = fold(part);
        let i = (from..headings.len()).find(|&i| fold(&headings[i].text) == want)?;
        found = Some(&headings[i]);
        from = i + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, text: &str) -> Heading {
        Heading {
            level,
            id: text.to_lowercase().replace(':', "").replace(' ', "-"),
            text: text.into(),
            offset: 0,
        }
    }

    #[test]
    fn headings_match_folded_and_nested() {
        let hs = [
            h(1, "Intro"),
            h(2, "Part: one"),
            h(3, "Detail"),
            h(2, "Part two"),
            h(3, "Detail"),
        ];
        assert_eq!(
            find(&hs, "part one").map(|h| h.id.as_str()),
            Some("part-one")
        );
        assert_eq!(
            find(&hs, "PART   ONE").map(|h| h.id.as_str()),
            Some("part-one")
        );
        let second = find(&hs, "Part two#Detail").unwrap();
        assert!(std::ptr::eq(second, &hs[4]));
        assert!(std::ptr::eq(find(&hs, "Detail").unwrap(), &hs[2]));
        assert!(std::ptr::eq(
            find(&hs, "Part one#Part two").unwrap(),
            &hs[3]
        ));
        assert!(find(&hs, "Part two#Part one").is_none());
        assert!(find(&hs, "Nowhere").is_none());
    }
}
