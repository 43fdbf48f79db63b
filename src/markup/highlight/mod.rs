//! Highlighting: a fenced code block (its source and language) in, `<pre><code>` HTML out, each
//! token in one flat `<span>` whose short class names its role (`k` keyword, `s` string, see
//! `class.rs`); tokens of no role are left bare. One page serves a light and a dark theme, switched
//! by `prefers-color-scheme` in [`stylesheet`] (`highlight.css`). Syntaxes come from two-face's
//! curated, precompiled set and are loaded once, on the first code block. A build keeps the
//! blocks' HTML between runs in [`cache`].

pub mod cache;
mod class;
#[cfg(test)]
mod contrast;
mod palette;

pub use palette::stylesheet;

use crate::model::analysis::CodeBlock;
use class::Class;
use std::sync::OnceLock;
use syntect::parsing::{BasicScopeStackOp, ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Names people write after the fence that the syntax set knows by another token.
///
/// JavaScript goes to Sublime's "JavaScript" grammar, which the set knows as `javascript`;
/// its token `js` is "JavaScript (Babel)", as rich for plain JavaScript but 1.7x slower (it
/// was a fifth of a build's highlighting time on a corpus with one JavaScript block in eight).
/// Babel stays for `jsx`, which the other does not parse.
fn canonical_token(lang: &str) -> &str {
    match lang {
        "shell" | "sh" | "console" | "zsh" => "bash",
        "csharp" | "c#" => "cs",
        "terraform" | "hcl" => "tf",
        "powershell" | "pwsh" => "ps1",
        "typescript" => "ts",
        "js" | "node" | "mjs" | "cjs" => "javascript",
        "docker" => "dockerfile",
        "yml" => "yaml",
        other => other,
    }
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim().to_ascii_lowercase();
    if lang.is_empty() {
        return None;
    }
    syntaxes().find_syntax_by_token(canonical_token(&lang))
}

/// A note's code blocks as HTML, in order, for [`crate::output::markdown::render`]. Each call
/// highlights them again: a build calls it once per note.
pub fn blocks(blocks: &[CodeBlock]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| code_block(&b.source, &b.lang))
        .collect()
}

/// A note's code blocks as empty `<pre><code>` elements: for passes that only check a page or
/// read its ids, which the inside of a code block never holds.
pub fn empty_blocks(blocks: &[CodeBlock]) -> Vec<String> {
    blocks.iter().map(|b| wrap(&b.lang, "")).collect()
}

/// `<pre><code>` for a fenced block; unknown or missing languages give plain escaped code.
pub fn code_block(code: &str, lang: &str) -> String {
    match find_syntax(lang).and_then(|syntax| highlight(code, syntax)) {
        Some(highlighted) => wrap(lang, &highlighted),
        None => {
            let mut plain = String::with_capacity(code.len() + code.len() / 8);
            escape_text(&mut plain, code);
            wrap(lang, &plain)
        }
    }
}

fn wrap(lang: &str, inside: &str) -> String {
    let mut html = String::with_capacity(inside.len() + 64);
    html.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        html.push_str(" data-lang=\"");
        html.push_str(&crate::util::html::escape(lang));
        html.push('"');
    }
    // Focusable, so that a block wider than the page scrolls from the keyboard.
    html.push_str(" tabindex=\"0\"><code>");
    html.push_str(inside);
    html.push_str("</code></pre>\n");
    html
}

/// Drives syntect's parser line by line and keeps, beside its scope stack, the class of each
/// depth of it ([`class::inside`] of the one below), so a token's class is the top of that
/// stack: worked out once per scope pushed, not from the whole stack per token.
fn highlight(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut classes: Vec<Option<Class>> = Vec::new();
    let mut spans = Spans::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let ops = state.parse_line(line, syntaxes()).ok()?;
        let mut from = 0;
        for (at, op) in &ops {
            spans.push(&line[from..*at], classes.last().copied().flatten());
            from = *at;
            scopes
                .apply_with_hook(op, |op, _| match op {
                    BasicScopeStackOp::Push(scope) => {
                        let outer = classes.last().copied().flatten();
                        classes.push(class::inside(outer, scope));
                    }
                    BasicScopeStackOp::Pop => {
                        classes.pop();
                    }
                })
                .ok()?;
        }
        spans.push(&line[from..], classes.last().copied().flatten());
    }
    Some(spans.finish())
}

/// Escapes code for the inside of `<code>`: only `&`, `<` and `>`, which is all text content
/// needs (quotes, frequent in code, stay one byte).
fn escape_text(html: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(html, text);
}

/// Highlighted HTML being written: one `<span>` per run of tokens of the same class, never
/// nested. Whitespace shows no colour, so it joins the run around it (`pub fn` is one span)
/// and is otherwise left out of spans.
struct Spans {
    html: String,
    open: Option<Class>,
    /// Whitespace not written yet: inside the open span if the next token continues it.
    pending: String,
}

impl Spans {
    fn with_capacity(capacity: usize) -> Spans {
        Spans {
            html: String::with_capacity(capacity),
            open: None,
            pending: String::new(),
        }
    }

    fn push(&mut self, text: &str, class: Option<Class>) {
        if text.bytes().all(|b| b.is_ascii_whitespace()) {
            self.pending.push_str(text);
            return;
        }
        if class != self.open {
            self.close();
            self.html.push_str(&self.pending);
            self.pending.clear();
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class.name());
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.html.push_str(&self.pending);
        self.pending.clear();
        escape_text(&mut self.html, text);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
    }

    fn finish(mut self) -> String {
        self.close();
        self.html.push_str(&self.pending);
        self.html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_languages_are_known() {
        for lang in [
            "dockerfile",
            "yaml",
            "json",
            "toml",
            "hcl",
            "terraform",
            "bash",
            "shell",
            "powershell",
            "python",
            "javascript",
            "typescript",
            "java",
            "go",
            "rust",
            "csharp",
        ] {
            assert!(find_syntax(lang).is_some(), "no syntax for {lang}");
        }
    }

    #[test]
    fn javascript_uses_one_grammar_and_jsx_babel() {
        let name = |lang| find_syntax(lang).map(|s| s.name.as_str());
        for lang in ["js", "javascript", "node", "mjs", "JS"] {
            assert_eq!(name(lang), Some("JavaScript"), "{lang}");
        }
        assert_eq!(name("jsx"), Some("JavaScript (Babel)"));
    }

    /// A block in each language the bench corpus and the course use, with strings, comments,
    /// escapes and interpolation.
    const SAMPLES: &[(&str, &str)] = &[
        ("rust", "/// Doc.\n#[derive(Debug)]\npub fn run(input: &[u8]) -> Result<Vec<u8>, E> {\n    let n = 0x1f; // x < y\n    println!(\"{} <b>\\n\", self.n);\n}\n"),
        ("python", "@cache\ndef frob(items, limit=10):\n    \"\"\"Doc.\"\"\"\n    print(f\"{len(items)} & <i>\")\n    return None  # done\n"),
        ("bash", "#!/usr/bin/env bash\nREGION=\"${AWS_REGION:-eu}\"\naws s3 ls --region \"$REGION\" | jq '.x' > out 2>&1\n"),
        ("json", "{\n  \"name\": \"<x>\",\n  \"n\": 12,\n  \"ok\": true\n}\n"),
        ("yaml", "# c\nserver:\n  port: 8080\n  name: \"a&b\"\n  on: true\n"),
        ("go", "func F(n int) (int, error) {\n\treturn 0, fmt.Errorf(\"bad: %d\", n)\n}\n"),
        ("javascript", "export async function f(items) {\n  console.log(`n: ${items.length}`); // <c>\n  return items ?? null;\n}\n"),
        ("dockerfile", "FROM debian:bookworm AS build\nRUN apt-get install -y curl && echo \"<hi>\"\nCMD [\"/run\", \"--v\"]\n"),
        ("html", "<div class=\"x\">Hi &amp; <b>there</b><!-- c --></div>\n"),
        ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"),
    ];

    /// The inside of `<code>`, as (class, text) runs: `None` for text outside any span.
    fn runs(block: &str) -> Vec<(Option<String>, String)> {
        let inside = block
            .split_once("<code>")
            .and_then(|(_, rest)| rest.rsplit_once("</code>"))
            .expect("a <code> element")
            .0;
        let mut runs = Vec::new();
        let mut rest = inside;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<span class=\"") {
                let (class, after) = after.split_once("\">").expect("a closed class attribute");
                let (text, after) = after.split_once("</span>").expect("a closed span");
                assert!(
                    !text.contains('<'),
                    "a tag inside a span: {text:?} in {block}"
                );
                runs.push((Some(class.to_string()), text.to_string()));
                rest = after;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                assert!(end > 0, "a tag that is not a span at {rest:?} in {block}");
                runs.push((None, rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
        runs
    }

    fn unescape(html: &str) -> String {
        html.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn tokens_are_flat_spans_with_short_classes() {
        assert_eq!(
            code_block("fn main() {}\n", "rust"),
            "<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code><span class=\"k\">fn</span> <span class=\"nf\">main</span>() {}\n</code></pre>\n"
        );
        let names: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        for (lang, source) in SAMPLES {
            let html = code_block(source, lang);
            let runs = runs(&html);
            assert!(
                runs.iter().any(|(class, _)| class.is_some()),
                "{lang}: no span in {html}"
            );
            for (class, _) in &runs {
                if let Some(class) = class {
                    assert!(names.contains(&class.as_str()), "{lang}: class {class:?}");
                }
            }
        }
    }

    #[test]
    fn runs_of_one_class_are_one_span() {
        for (lang, source) in SAMPLES {
            let html = code_block(source, lang);
            let runs = runs(&html);
            for pair in runs.windows(2) {
                assert_ne!(
                    pair[0].0, pair[1].0,
                    "{lang}: {pair:?} not merged in {html}"
                );
            }
        }
        let html = code_block("pub fn f() {}\n", "rust");
        assert!(html.contains("<span class=\"k\">pub fn</span>"), "{html}");
    }

    #[test]
    fn highlighted_code_is_the_source_escaped() {
        for (lang, source) in SAMPLES {
            let html = code_block(source, lang);
            let text: String = runs(&html).into_iter().map(|(_, text)| text).collect();
            assert_eq!(unescape(&text), *source, "{lang}");
        }
        let html = code_block("x = \"<b>&\"\n", "python");
        assert!(
            html.contains("<span class=\"s\">\"&lt;b&gt;&amp;\"</span>\n"),
            "{html}"
        );
    }

    #[test]
    fn tokens_get_the_class_of_their_role() {
        let class_of = |lang: &str, source: &str, token: &str| {
            runs(&code_block(source, lang))
                .into_iter()
                .find(|(_, text)| text.trim() == token)
                .unwrap_or_else(|| panic!("{lang}: no run {token:?}"))
                .0
        };
        let some = |class: &str| Some(class.to_string());
        assert_eq!(class_of("python", "# note\n", "# note"), some("c"));
        assert_eq!(class_of("python", "x = 42\n", "42"), some("m"));
        assert_eq!(class_of("python", "def f(): pass\n", "f"), some("nf"));
        assert_eq!(class_of("bash", "ls --all\n", "--all"), some("nv"));
        assert_eq!(class_of("bash", "echo $HOME\n", "$HOME"), some("nv"));
        assert_eq!(class_of("json", "{\"key\": 1}\n", "\"key\""), some("nt"));
        assert_eq!(class_of("yaml", "on: true\n", "true"), some("kc"));
        assert_eq!(class_of("rust", "let s = \"a\\n\";\n", "\\n"), some("se"));
        assert_eq!(class_of("javascript", "x = this;\n", "this"), some("bp"));
        assert_eq!(class_of("go", "type T struct{}\n", "T"), some("nc"));
        assert_eq!(class_of("html", "<a href=\"x\">\n", "href"), some("na"));
        assert_eq!(class_of("html", "<a href=\"x\">\n", "a"), some("nt"));
        assert_eq!(class_of("diff", "+new\n", "+new"), some("gi"));
        // Punctuation and plain names have no role: no span.
        assert_eq!(class_of("rust", "f(x);\n", "(x);"), None);
    }

    #[test]
    fn blocks_scroll_from_the_keyboard() {
        for html in [
            code_block("x\n", "no-such-lang"),
            code_block("x = 1\n", "python"),
        ] {
            assert!(
                html.starts_with("<pre class=\"code\" data-lang=\""),
                "{html}"
            );
            assert!(html.contains(" tabindex=\"0\"><code>"), "{html}");
        }
    }

    #[test]
    fn unknown_language_is_plain_escaped_code() {
        let html = code_block("<b>&</b>\n", "no-such-lang");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
    }
}
