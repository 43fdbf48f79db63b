//! What notes written for MathJax (Obsidian's renderer) use and the converter lacks, put in
//! terms it has. In: a formula's TeX. Out: the built-in macros every converter starts with
//! ([`MACROS`], under the site's `math_macros`, which override them), and [`rewrite`], the TeX
//! of a formula the converter refused written the way MathJax reads it, to try once more.

/// `(name, TeX)`: what MathJax 3 draws that the converter draws with other commands. The size
/// switches (`\large x`) scale the rest of their group in MathJax; the converter has them in
/// text only, so in a formula they are dropped and what they sized is kept.
pub const MACROS: &[(&str, &str)] = &[
    ("textcolor", r"{\color{#1}#2}"),
    // MathJax's `\fbox{$\displaystyle{#1}$}`: a one-cell array ruled all round (the empty row
    // the last `\hline` needs is flattened by the stylesheet).
    (
        "boxed",
        r"{\begin{array}{|c|}\hline {\displaystyle #1}\\ \hline\end{array}}",
    ),
    ("tiny", ""),
    ("Tiny", ""),
    ("scriptsize", ""),
    ("footnotesize", ""),
    ("small", ""),
    ("normalsize", ""),
    ("large", ""),
    ("Large", ""),
    ("LARGE", ""),
    ("huge", ""),
    ("Huge", ""),
];

/// The commands that set their argument as text, in which MathJax reads `$...$` as math.
const TEXT_COMMANDS: &[&str] = &[
    "text",
    "textrm",
    "textnormal",
    "textbf",
    "textit",
    "textsf",
    "texttt",
    "mbox",
    "hbox",
];

/// The commands that size a delimiter.
const BIG_DELIMITERS: &[&str] = &[
    "big", "Big", "bigg", "Bigg", "bigl", "Bigl", "biggl", "Biggl", "bigr", "Bigr", "biggr",
    "Biggr", "bigm", "Bigm", "biggm", "Biggm",
];

/// Environments the converter lacks, the one it draws them as, and whether the first takes a
/// column count the second does not: `flalign` is `align` pushed to the margins, `alignat{n}`
/// `align` with `n` column pairs, `split` an `aligned` block; the same rows and columns.
const ENVIRONMENTS: &[(&str, &str, bool)] = &[
    ("flalign*", "align*", false),
    ("flalign", "align", false),
    ("alignat*", "align*", true),
    ("alignat", "align", true),
    ("alignedat", "aligned", true),
    ("split", "aligned", false),
];

/// `tex` as MathJax reads it, when that differs from how the converter reads it: a `$...$`
/// inside `\text{...}` is math (`\text{RTT$_{t+1}$}` is the text `RTT` with a subscript), as is
/// a `\textcolor{c}{...}` or `\color{c}` there (a coloured piece of the text); a colour may be
/// any CSS colour (`lightgreen`, `#90ee90`); the environments of [`ENVIRONMENTS`] are renamed;
/// `\big{(}` is `\big(`; a backslash that ends a line is a space (MathJax 3.2's `GetCS` and
/// `MakeBig` in `ts/input/tex`).
/// `None` when there is nothing to rewrite.
pub fn rewrite(tex: &str) -> Option<String> {
    let out = rewritten(tex);
    (out != tex).then_some(out)
}

fn rewritten(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len() + 16);
    let mut rest = tex;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let name = command_name(&rest[at + 1..]);
        let after = &rest[at + 1 + name.len()..];
        if TEXT_COMMANDS.contains(&name) {
            if let Some((body, tail)) = group(after) {
                out.push_str(&text_pieces(name, body));
                rest = tail;
                continue;
            }
        }
        if name == "textcolor" {
            if let Some(((color, body), tail)) = group(after)
                .and_then(|(color, tail)| group(tail).map(|(body, tail)| ((color, body), tail)))
            {
                let body = rewritten(body);
                out.push_str(&format!("{{\\color{}{body}}}", color_spec(color)));
                rest = tail;
                continue;
            }
        }
        if name == "color" {
            if let Some((color, tail)) = group(after) {
                out.push_str(&format!("\\color{}", color_spec(color)));
                rest = tail;
                continue;
            }
        }
        if name == "begin" || name == "end" {
            if let Some((env, tail)) = group(after) {
                if let Some((_, to, count)) = ENVIRONMENTS.iter().find(|(from, ..)| *from == env) {
                    out.push_str(&format!("\\{name}{{{to}}}"));
                    rest = match group(tail) {
                        Some((_, past_count)) if *count && name == "begin" => past_count,
                        _ => tail,
                    };
                    continue;
                }
            }
        }
        // `\big{(}`: MathJax takes a sized delimiter in braces, the converter bare.
        if BIG_DELIMITERS.contains(&name) {
            if let Some((delimiter, tail)) = group(after).filter(|(d, _)| !d.trim().is_empty()) {
                out.push_str(&format!("\\{name}{}", delimiter.trim()));
                rest = tail;
                continue;
            }
        }
        // A backslash ending a line is a space in MathJax (its command name is a space).
        if let Some(tail) = after.strip_prefix('\n').filter(|_| name.is_empty()) {
            out.push_str("\\ ");
            rest = tail;
            continue;
        }
        // A command, or an escaped character (`\\`, `\$`), as it is.
        let len = 1 + if name.is_empty() {
            rest[at + 1..].chars().next().map_or(0, char::len_utf8)
        } else {
            name.len()
        };
        out.push_str(&rest[at..at + len]);
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// The colour argument `{color}` in a form the converter reads: a CSS colour name (MathJax
/// hands a name it does not define to the browser) or `#rrggbb` as `[HTML]{RRGGBB}`; any other
/// (`red`, xcolor's `Apricot`) as written.
fn color_spec(color: &str) -> String {
    let name = color.trim();
    let hex = match name.strip_prefix('#') {
        Some(hex) if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some(hex.to_ascii_uppercase())
        }
        Some(_) => None,
        None if name.bytes().all(|b| b.is_ascii_lowercase()) => {
            cssparser::color::parse_named_color(name)
                .ok()
                .map(|(r, g, b)| format!("{r:02X}{g:02X}{b:02X}"))
        }
        None => None,
    };
    match hex {
        Some(hex) => format!("[HTML]{{{hex}}}"),
        None => format!("{{{color}}}"),
    }
}

/// The text of a `\name{body}`, cut where MathJax cuts it: its `$...$` become math between
/// pieces of text, its `\textcolor{c}{x}` a coloured piece of text.
fn text_pieces(name: &str, body: &str) -> String {
    let mut out = String::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut String| {
        if !text.is_empty() {
            out.push_str(&format!("\\{name}{{{text}}}"));
            text.clear();
        }
    };
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let command = command_name(&rest[1..]);
            let after = &rest[1 + command.len()..];
            if command == "textcolor" {
                if let Some((color, after)) = group(after) {
                    if let Some((inner, after)) = group(after) {
                        flush(&mut text, &mut out);
                        let inner = text_pieces(name, inner);
                        out.push_str(&format!("{{\\color{}{inner}}}", color_spec(color)));
                        rest = after;
                        continue;
                    }
                }
            }
            // `\color{c}` colours the rest of the text.
            if command == "color" {
                if let Some((color, after)) = group(after) {
                    flush(&mut text, &mut out);
                    let inner = text_pieces(name, after);
                    out.push_str(&format!("{{\\color{}{inner}}}", color_spec(color)));
                    return out;
                }
            }
            // `\$` is a dollar sign in text; any other command stays in the text as written.
            let len = 1 + if command.is_empty() {
                rest[1..].chars().next().map_or(0, char::len_utf8)
            } else {
                command.len()
            };
            text.push_str(&rest[..len]);
            rest = &rest[len..];
        } else if c == '$' {
            match closing_dollar(&rest[1..]) {
                Some(end) => {
                    flush(&mut text, &mut out);
                    out.push_str(&rest[1..1 + end]);
                    rest = &rest[end + 2..];
                }
                None => {
                    text.push('$');
                    rest = &rest[1..];
                }
            }
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    flush(&mut text, &mut out);
    out
}

/// The letters of the command that `after_backslash` starts with (empty for `\\`, `\$`, `\,`).
fn command_name(after_backslash: &str) -> &str {
    let end = after_backslash
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(after_backslash.len());
    &after_backslash[..end]
}

/// The body of the `{...}` group `s` starts with (after spaces), and what follows it.
fn group(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    let inner = s.strip_prefix('{')?;
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' if depth == 0 => return Some((&inner[..i], &inner[i + 1..])),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Where the `$` that closes a `$...$` is in `s` (which follows the opening one), outside
/// braces and not escaped.
fn closing_dollar(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '$' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_in_text_become_math_between_pieces_of_text() {
        assert_eq!(
            rewrite(r"\text{RTT$_{t+1}$ = $\alpha$ x}").as_deref(),
            Some(r"\text{RTT}_{t+1}\text{ = }\alpha\text{ x}")
        );
        assert_eq!(
            rewrite(r"a + \mbox{can\_go$\leftarrow$f}").as_deref(),
            Some(r"a + \mbox{can\_go}\leftarrow\mbox{f}")
        );
        // An escaped or unpaired dollar sign is text.
        assert_eq!(rewrite(r"\text{costs \$5}"), None);
        assert_eq!(rewrite(r"\text{a $ b}"), None);
    }

    #[test]
    fn textcolor_in_text_is_a_coloured_piece_of_text() {
        assert_eq!(
            rewrite(r"\text{IP \textcolor{red}{a}ddress}").as_deref(),
            Some(r"\text{IP }{\color[HTML]{FF0000}\text{a}}\text{ddress}")
        );
    }

    #[test]
    fn a_css_colour_is_given_by_its_value() {
        assert_eq!(
            rewrite(r"\textcolor{lightgreen}{x=a} + \color{#a0B0c0} y").as_deref(),
            Some(r"{\color[HTML]{90EE90}x=a} + \color[HTML]{A0B0C0} y")
        );
        assert_eq!(
            rewrite(r"\text{is \color{orange}{Derivable}}").as_deref(),
            Some(r"\text{is }{\color[HTML]{FFA500}\text{{Derivable}}}")
        );
        // xcolor's names are the converter's own; an unknown one stays for its error.
        assert_eq!(rewrite(r"\color{Apricot} x \color{nosuch} y"), None);
    }

    #[test]
    fn a_delimiter_in_braces_and_a_backslash_ending_a_line() {
        assert_eq!(
            rewrite("\\Big{[} p \\Big] \\bigl{\\{} x \\\n& y").as_deref(),
            Some("\\Big[ p \\Big] \\bigl\\{ x \\ & y")
        );
        // A line break `\\` stays one.
        assert_eq!(rewrite("a \\\\\n b"), None);
    }

    #[test]
    fn flalign_is_drawn_as_align() {
        assert_eq!(
            rewrite(r"\begin{flalign*} a &= b \end{flalign*}").as_deref(),
            Some(r"\begin{align*} a &= b \end{align*}")
        );
        assert_eq!(
            rewrite(r"\begin{alignedat}{3} a &= b \end{alignedat}").as_deref(),
            Some(r"\begin{aligned} a &= b \end{aligned}")
        );
        assert_eq!(rewrite(r"\begin{align} a \end{align}"), None);
    }

    #[test]
    fn what_is_not_rewritten_is_left_alone() {
        for tex in [
            r"\frac{a}{b}",
            r"\text{plain}",
            r"\text{unclosed",
            "é$",
            r"\\ \$",
            "\\",
        ] {
            assert_eq!(rewrite(tex), None, "{tex}");
        }
    }
}
