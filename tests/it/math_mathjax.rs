//! TeX written for MathJax, as Obsidian vaults hold it, built strictly: what MathJax draws is a
//! `<math>` (the commands the converter knows by another name, text with math inside), what it
//! draws and the converter cannot is its TeX as code with a warning, and a command no one knows
//! (`\fracc`) is still an error at its place.

use crate::common::{stderr, text, Page, TestSite};
use std::sync::OnceLock;

/// One note per construct a real vault failed on, each formula on its own line (the line is
/// the formula's number + 2).
const FORMULAS: &[&str] = &[
    r"$$\Large \sum_{k=1}^{n} k$$",
    r"$$Orders \bowtie Clients$$",
    r"$a \land\space b$",
    r"$$\begin{pmatrix} \textcolor{blue}{1} & 0 \\ 0 & \textcolor{blue}{1} \end{pmatrix}$$",
    r"$V = \begin{array}{|c|c|} \hline 4 & 2 \\ \hline \end{array}$",
    r"$\text{goal$\leftarrow$start}$",
    r"$$\begin{flalign*} f(x) &= x^2 & g(x) &= 2x \end{flalign*}$$",
    r"$$\text{Speed$_{max}$ is \textcolor{red}{fast}}$$",
    r"$\textcolor{lightgreen}{x=a}$",
    r"$$\text{is \color{orange}{derivable}}$$",
    r"$$\begin{alignedat}{2} a &= b & c &= d \end{alignedat}$$",
    r"$\boxed{f(c)=0}$",
    r"$\Big{[} p \implies q \Big]$",
];

/// A vault of [`FORMULAS`] and one formula MathJax draws that the converter cannot, built
/// strictly, with its stderr.
fn built() -> &'static (TestSite, String) {
    static SITE: OnceLock<(TestSite, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::new();
        let mut note = String::from("# MathJax\n\n");
        for formula in FORMULAS {
            note.push_str(formula);
            note.push('\n');
        }
        note.push_str("\n> [!note]\n> Boxed: $x = \\bbox[yellow]{42}$ in a callout.\n");
        site.write("notes/mathjax.md", note);
        let out = site.run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        (site, err)
    })
}

fn page() -> Page {
    built().0.page("mathjax.html")
}

/// The `<math>` elements of the page's content, as HTML.
fn maths(page: &Page) -> Vec<String> {
    page.select(".content math")
        .iter()
        .map(|m| m.html())
        .collect()
}

#[test]
fn every_formula_mathjax_draws_is_mathml_with_its_tex() {
    let page = page();
    let tex = page.texts(".content math annotation[encoding=\"application/x-tex\"]");
    let expected: Vec<String> = FORMULAS
        .iter()
        .map(|f| f.trim_matches('$').to_string())
        .collect();
    assert_eq!(tex, expected);
    let math = maths(&page);
    // The size switch is dropped, the sum kept.
    assert!(math[0].contains("∑</mo>"), "{}", math[0]);
    // `\bowtie` is the relation ⋈, `\space` a no-break space.
    assert!(math[1].contains("<mo>⋈</mo>"), "{}", math[1]);
    let space = page.select(".content math")[2]
        .select(&sel("mtext"))
        .map(|t| t.text().collect::<String>())
        .collect::<Vec<_>>();
    assert_eq!(space, ["\u{a0}"], "{}", math[2]);
    // `\textcolor` colours its cell, `\hline` and `|` are the array's rules.
    assert_eq!(math[3].matches("style=\"color:#0000FF;\"").count(), 2);
    assert!(
        math[4].contains("border-top: 0.05em solid currentcolor")
            && math[4].contains("border-right: 0.05em solid currentcolor"),
        "{}",
        math[4]
    );
    // `$...$` in `\text{}` is math between pieces of text; `\textcolor` there a coloured piece.
    assert!(
        math[5].contains("<mtext>goal</mtext><mo")
            && math[5].contains("←")
            && math[5].contains("<mtext>start</mtext>"),
        "{}",
        math[5]
    );
    assert_eq!(
        page.select(".content math")[6].select(&sel("mtr")).count(),
        1
    );
    assert!(
        math[7].contains("<msub><mtext>Speed</mtext>")
            && math[7].contains("style=\"color:#FF0000;\"><mtext>fast</mtext>"),
        "{}",
        math[7]
    );
    // A CSS colour name MathJax hands to the browser, `\color` in text, `alignedat`, `\boxed`.
    assert!(math[8].contains("style=\"color:#90EE90;\""), "{}", math[8]);
    assert!(
        math[9].contains("<mtext>is&nbsp;</mtext><mrow style=\"color:#FFA500;\">"),
        "{}",
        math[9]
    );
    assert_eq!(
        page.select(".content math")[10].select(&sel("mtd")).count(),
        4
    );
    let sized: Vec<String> = page.select(".content math")[12]
        .select(&sel("mo[minsize=\"1.623em\"]"))
        .map(|mo| text(&mo))
        .collect();
    assert_eq!(sized, ["[", "]"], "{}", math[12]);
    let boxed = page.select(".content math")[11];
    let cell = boxed.select(&sel("mtd")).next().unwrap();
    assert_eq!(
        cell.value().attr("style"),
        Some("border-right: 0.05em solid currentcolor;")
    );
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

#[test]
fn a_command_mathjax_draws_and_the_converter_cannot_is_its_tex_with_a_warning() {
    let (_, err) = built();
    // Line 18, column 15 of the note: the `\bbox` after `> Boxed: $x = `.
    assert_eq!(
        err.lines().filter(|l| l.starts_with("warning:")).collect::<Vec<_>>(),
        ["warning: notes/mathjax.md:18:15: formula shown as TeX: MathJax draws `\\bbox`, this site cannot (Unknown command \"\\bbox\".)"],
        "{err}"
    );
    let page = page();
    let code = page.one(".content .callout code.math-source");
    assert_eq!(text(&code), r"x = \bbox[yellow]{42}");
    assert_eq!(
        code.value().attr("title"),
        Some(r"TeX this site cannot draw (\bbox)")
    );
}

#[test]
fn a_command_no_one_knows_is_still_an_error_at_its_place() {
    let site = TestSite::new();
    site.write(
        "notes/typo.md",
        "# Typo\n\nJoin $A \\bowtie B$ and half $\\fracc{1}{2}$.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: notes/typo.md:3:30: formula does not parse: Unknown command \"\\fracc\".
   |
 3 | Join $A \\bowtie B$ and half $\\fracc{1}{2}$.
   |                              ^
  = help: fix the TeX, or define the command under `math_macros:` in site.yaml; a dollar sign that is not math is written `\\$`
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn a_sites_macro_overrides_a_built_in_one() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: T\nmath_macros:\n  \\large: \\mathbf{#1}\n",
    );
    site.write("notes/big.md", "# Big\n\n$\\large{v}$\n");
    site.build();
    let math = site.page("big.html").one(".content math").html();
    assert!(math.contains("𝐯"), "{math}");
}

#[test]
fn the_handout_keeps_the_colours_and_the_rules_of_an_array() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\nhandout: always\n");
    site.write(
        "notes/grid.md",
        format!("# Grid\n\n{}\n\n{}\n", FORMULAS[3], FORMULAS[4]),
    );
    site.build();
    let handout = site.page("handout.html");
    let styles = handout.attrs("math [style]", "style");
    assert!(
        styles.iter().any(|s| s == "color:#0000FF;")
            && styles
                .iter()
                .any(|s| s.contains("border-top: 0.05em solid currentcolor")),
        "{styles:?}"
    );
}
