//! Mermaid that Mermaid itself draws but the renderer's parser refuses, rewritten the way
//! Mermaid reads it. In: a diagram's source that failed to parse. Out: the same diagram in the
//! forms the renderer knows, or `None` when there is nothing to rewrite (the first error then
//! stands). Tried only after a failure, so a diagram the renderer reads is never touched.
//!
//! - A sequence diagram's activation shorthand: `A ->>+ B: hi` activates `B` as it is sent,
//!   `B -->>- A: done` deactivates `B`; the renderer knows `activate B` and `deactivate B`.

use regex::Regex;
use std::sync::LazyLock;

/// `source` rewritten, if any line of it needed to be.
pub fn rewrite(source: &str) -> Option<String> {
    let sequence = source
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("%%"))
        .is_some_and(|l| l.starts_with("sequenceDiagram"));
    if !sequence {
        return None;
    }
    // Sender, arrow, `+` or `-`, receiver, the rest (the message).
    static SHORTHAND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\s*)([^\s:+-][^:]*?)\s*(<<-->>|<<->>|-->>|->>|--x|-x|--\)|-\)|-->|->)\s*([+-])\s*([^\s:][^:]*?)\s*(:.*)?$")
            .expect("valid regex")
    });
    let mut changed = false;
    let mut out = String::with_capacity(source.len() + 32);
    for line in source.lines() {
        match SHORTHAND.captures(line) {
            Some(c) => {
                changed = true;
                let (indent, from, arrow, to) = (&c[1], &c[2], &c[3], &c[5]);
                let message = c.get(6).map_or("", |m| m.as_str());
                out.push_str(&format!("{indent}{from} {arrow} {to}{message}\n"));
                match &c[4] {
                    "+" => out.push_str(&format!("{indent}activate {to}\n")),
                    _ => out.push_str(&format!("{indent}deactivate {from}\n")),
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_shorthand_becomes_activate_and_deactivate() {
        let source = "sequenceDiagram\n  A ->>+ B: hi\n  B-->>-A: done\n  A->>B: plain\n";
        assert_eq!(
            rewrite(source).as_deref(),
            Some("sequenceDiagram\n  A ->> B: hi\n  activate B\n  B -->> A: done\n  deactivate B\n  A->>B: plain\n")
        );
    }

    #[test]
    fn nothing_to_rewrite_is_none() {
        assert_eq!(rewrite("sequenceDiagram\n  A->>B: hi\n"), None);
        // Only sequence diagrams have the shorthand; a flowchart's `-->` is left as it is.
        assert_eq!(rewrite("flowchart LR\n  A -->+ B\n"), None);
    }
}
