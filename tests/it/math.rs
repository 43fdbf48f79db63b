//! Math and Mermaid at build time: the fixture in `tests/fixtures/math` (every formula form, every
//! Mermaid kind the README names, the site's macros, dollar amounts that are money), the errors
//! with their exact messages, and the course's prices left as text.

use crate::common::{stderr, studysite_command, text, Page, SearchFiles, TestSite};
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

/// Built once for all tests here that only read it, with its stderr.
fn built() -> &'static (TestSite, String) {
    static SITE: OnceLock<(TestSite, String)> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("math");
        let out = site.run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        (site, err)
    })
}

fn page(rel: &str) -> Page {
    built().0.page(rel)
}

/// The TeX each `<math>` of `page` keeps, in order.
fn annotations(page: &Page, scope: &str) -> Vec<String> {
    page.texts(&format!(
        "{scope} math annotation[encoding=\"application/x-tex\"]"
    ))
}

#[test]
fn every_formula_form_becomes_mathml_with_its_tex() {
    let page = page("formulas.html");
    let tex = annotations(&page, ".content");
    assert_eq!(
        tex,
        [
            "E = mc^2",
            r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
            r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}",
            r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
            r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}",
            r"\norm{v} \in \R",
            r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2",
            "O(n)",
            "O(n^2)",
        ]
    );
    // `$$...$$` is a block, `$...$` inline.
    assert_eq!(page.select(".content math[display=\"block\"]").len(), 2);
    assert!(!page.select(".content math mfrac").is_empty());
    // The site's macros: `\R` is the double-struck R, `\norm` the double bars.
    let macros = text(&page.select(".content math")[6]);
    assert!(macros.contains('ℝ') && macros.contains('‖'), "{macros}");
    // A formula in a comparison cell, which the study mode conceals and reveals.
    assert_eq!(annotations(&page, "table.compare td"), ["O(n)", "O(n^2)"]);
}

#[test]
fn dollar_amounts_and_escaped_dollars_stay_text() {
    let page = page("formulas.html");
    let paragraphs = page.texts(".content p");
    assert!(
        paragraphs.contains(
            &"Lambda costs $0.20 per 1M requests and $0.0000166667 per GB-second; a $5 note and $10 are money. An escaped $x$ is text too."
                .to_string()
        ),
        "{paragraphs:#?}"
    );
}

#[test]
fn every_mermaid_kind_is_inline_svg_with_a_name_and_a_caption() {
    let page = page("diagrams.html");
    let captions = page.texts(".content figure.mermaid figcaption");
    assert_eq!(
        captions,
        [
            "Flowchart",
            "Sequence diagram",
            "Class diagram",
            "State diagram",
            "Orders",
            "Revision plan",
            "Exam weight",
            "Mind map"
        ]
    );
    let names = page.attrs(".content figure.mermaid > svg[role=\"img\"]", "aria-label");
    assert_eq!(names.len(), 8);
    assert_eq!(
        names[0],
        "Flowchart: yes, no, Client, Cache hit?, Return cached, Query DB"
    );
    assert_eq!(names[4], "Orders: customers place orders of line items");
    for (name, label) in [
        (&names[1], "GET /notes"),
        (&names[2], "Animal"),
        (&names[3], "Running"),
        (&names[5], "Read notes"),
        (&names[6], "Theory"),
        (&names[7], "Lambda"),
    ] {
        assert!(name.contains(label), "{name} lacks {label}");
    }
    let html = page.0.html();
    for banned in [
        "<script",
        "foreignObject",
        "foreignobject",
        "xlink:href",
        " on",
    ] {
        assert!(
            !page
                .select(".content svg")
                .iter()
                .any(|svg| svg.html().contains(banned)),
            "{banned}"
        );
    }
    assert!(
        html.contains("marker-end=\"url(#"),
        "the arrowheads are kept"
    );
}

#[test]
fn every_arrowhead_points_at_a_marker_of_its_own_diagram() {
    let page = page("diagrams.html");
    let ids: Vec<String> = page.attrs(".content svg [id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids repeat: {ids:?}");
    for (n, svg) in page
        .select(".content figure.mermaid > svg")
        .iter()
        .enumerate()
    {
        let own: HashSet<String> = svg
            .select(&scraper::Selector::parse("marker").unwrap())
            .filter_map(|m| m.value().attr("id").map(str::to_string))
            .collect();
        for el in svg.select(&scraper::Selector::parse("[marker-end], [marker-start]").unwrap()) {
            for attr in ["marker-end", "marker-start"] {
                if let Some(value) = el.value().attr(attr) {
                    let id = value
                        .strip_prefix("url(#")
                        .and_then(|v| v.strip_suffix(')'))
                        .unwrap();
                    assert!(own.contains(id), "diagram {n}: {id} not in {own:?}");
                }
            }
        }
    }
}

#[test]
fn a_kind_not_drawn_stays_visible_as_code_with_a_warning() {
    let (_, err) = built();
    assert!(
        err.contains(
            "warning: notes/diagrams.md:73:1: Mermaid `zenuml` diagrams are not drawn: the block is shown as code\n"
        ),
        "{err}"
    );
    let page = page("diagrams.html");
    let code = page.texts(".content pre");
    assert_eq!(code.len(), 1, "{code:?}");
    assert!(code[0].contains("Alice->Bob: hello"), "{code:?}");
}

#[test]
fn formulas_and_diagram_labels_are_searchable() {
    let files = SearchFiles::read(&built().0.path("public"));
    let all: String = files
        .sections
        .iter()
        .map(|s| s[3].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for wanted in [
        "E = mc^2",
        r"\norm{v} \in \R",
        "Cache hit?",
        "Query DB",
        "Revision plan",
    ] {
        assert!(all.contains(wanted), "{wanted} not in the index");
    }
}

#[test]
fn the_handout_keeps_formulas_and_diagrams_through_its_sanitizer() {
    let handout = page("handout.html");
    let tex = annotations(&handout, "body");
    assert!(tex.contains(&"E = mc^2".to_string()), "{tex:?}");
    assert!(tex.contains(&"O(n^2)".to_string()), "{tex:?}");
    let svgs = handout.select("figure.mermaid > svg[role=\"img\"][aria-label]");
    assert_eq!(svgs.len(), 8);
    // Ids were prefixed for the handout: the arrowheads' references were prefixed alike.
    let ids: HashSet<String> = handout.attrs("svg marker[id]", "id").into_iter().collect();
    let refs = handout.attrs("svg [marker-end]", "marker-end");
    assert!(!refs.is_empty());
    for r in refs {
        let id = r
            .strip_prefix("url(#")
            .and_then(|v| v.strip_suffix(')'))
            .unwrap();
        assert!(ids.contains(id), "{id} not among {ids:?}");
    }
}

#[test]
fn a_page_with_raw_html_keeps_its_formulas_and_diagrams() {
    let site = TestSite::new();
    site.write(
        "notes/raw.md",
        "# Raw\n\n<b>bold</b> and $a^2$\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n",
    );
    site.build();
    let page = site.page("raw.html");
    assert_eq!(annotations(&page, ".content"), ["a^2"]);
    assert_eq!(page.select(".content math msup").len(), 1);
    let svg = page.one(".content figure.mermaid > svg");
    assert!(
        svg.html().contains("marker-end=\"url(#mermaid1-"),
        "{}",
        svg.html()
    );
}

#[test]
fn a_bad_formula_is_an_error_naming_the_command_at_its_place() {
    let site = TestSite::new();
    site.write(
        "notes/bad.md",
        "# Bad\n\nThe ratio $a + \\fracc{1}{2}$ is wrong.\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: notes/bad.md:3:16: formula does not parse: Unknown command \"\\fracc\".
   |
 3 | The ratio $a + \\fracc{1}{2}$ is wrong.
   |                ^
  = help: fix the TeX, or define the command under `math_macros:` in site.yaml; a dollar sign that is not math is written `\\$`
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn a_bad_diagram_is_an_error_at_its_line() {
    let site = TestSite::new();
    site.write(
        "notes/bad.md",
        "# Bad\n\n```mermaid\nflowchart TD\n  A --> B\n  A --> B --\n```\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: notes/bad.md:6:1: Mermaid diagram does not parse: "),
        "{err}"
    );
}

#[test]
fn a_bad_macro_is_an_error_in_site_yaml() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        "title: T\nmath_macros:\n  \\ok: x\n  \\bad: \\nosuch\n",
    );
    site.write("notes/a.md", "# A\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: site.yaml:4:1: math macro `\\bad` does not parse: Unknown command \"\\nosuch\".
   |
 4 |   \\bad: \\nosuch
   | ^
  = help: a macro is TeX made of built-in commands (not other macros), with `#1`, `#2` for its arguments: for example `\\R: \\mathbb{R}`
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn the_course_has_no_formula_and_keeps_every_price() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = TestSite::new();
    let out = site.path("public");
    let result = studysite_command()
        .args(["build", "--quiet", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    let page = site.page("serverless/lambda-pricing.html");
    assert!(page.select("math").is_empty());
    let body = text(&page.one(".content"));
    for price in [
        "$0.20 per 1 million requests, that is $0.0000002 per request ($0.20 ÷ 1,000,000)",
        "Total = $0.40 + $3.33 = $3.73 for the month",
        "600,000 GB-seconds × $0.0000166667 ≈ $10.00, and $1.00 buys about 60,000 GB-seconds",
    ] {
        assert!(body.contains(price), "{price} not in {body}");
    }
}

/// A formula that does not parse (a command neither the converter nor MathJax knows):
/// imported with `--allow-broken-links` it builds, with a warning at its place, and the page
/// shows the TeX as code, not a blank.
#[test]
fn allow_broken_links_keeps_a_formula_that_does_not_convert_as_code_with_a_warning() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\n");
    site.write(
        "notes/join.md",
        "---\ntitle: Join\n---\nThe join $R \\notacommand S$ of two relations.\n",
    );
    let strict = site.run(&["build", "--quiet"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let out = site.run(&["build", "--quiet", "--allow-broken-links"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings = stderr(&out);
    assert!(
        warnings.contains("warning: notes/join.md:4:")
            && warnings.contains("formula does not parse"),
        "{warnings}"
    );
    let page = site.page("join.html");
    assert_eq!(page.texts("main code.math-source"), ["R \\notacommand S"]);
}

/// A note that embeds parts of another (issue 16's `![[Note#Heading]]`) and holds a
/// comparison: formulas converted with the site's macros, diagrams drawn, as on the page.
fn embedding_site() -> TestSite {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\nmath_macros:\n  \\R: \\mathbb{R}\n");
    site.write(
        "notes/source.md",
        "# Source\n\n## Part\n\nThe reals $\\R$ and a chart:\n\n```mermaid\nflowchart LR\n  A[Start] --> B[End]\n```\n\n## Other\n\nMore.\n",
    );
    site.write(
        "notes/page.md",
        "# Page\n\n```mermaid\nflowchart LR\n  X --> Y\n```\n\n![[source#Part]]\n\n![[source]]\n\n```compare\ntitle: Sets\nthings: [{label: A}, {label: B}]\nrows:\n  - aspect: Numbers\n    values: ['$\\R$', '$\\R^2$']\n```\n",
    );
    site
}

#[test]
fn embedded_parts_show_formulas_with_the_sites_macros_and_mermaid_as_diagrams() {
    let site = embedding_site();
    site.build();
    let page = site.page("page.html");
    assert_eq!(annotations(&page, ".embed"), [r"\R", r"\R"]);
    for math in page.select(".embed math") {
        assert!(text(&math).contains('ℝ'), "{}", math.html());
    }
    assert!(page.select(".embed code.math-source").is_empty());
    // The page's own diagram and one in each embed, none of them as code.
    assert_eq!(page.select(".content figure.mermaid > svg").len(), 3);
    assert!(page.select(".embed pre").is_empty());
    assert_eq!(page.texts(".embed figure.mermaid svg text").len(), 4);
    // Each diagram's arrowheads are its own: no id twice on the page.
    let ids = page.attrs("[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    for svg in page.select(".content figure.mermaid > svg") {
        let own: HashSet<&str> = svg
            .select(&scraper::Selector::parse("[id]").unwrap())
            .filter_map(|e| e.value().attr("id"))
            .collect();
        for e in svg.select(&scraper::Selector::parse("[marker-end]").unwrap()) {
            let r = e.value().attr("marker-end").unwrap();
            let id = r.trim_start_matches("url(#").trim_end_matches(')');
            assert!(own.contains(id), "{id} not in its diagram: {own:?}");
        }
    }
}

#[test]
fn comparison_cells_and_embeds_use_the_sites_macros_on_the_page_and_in_the_handout() {
    let site = embedding_site();
    site.write(
        "site.yaml",
        "title: T\nhandout: always\nmath_macros:\n  \\R: \\mathbb{R}\n",
    );
    site.build();
    for file in ["page.html", "handout.html"] {
        let page = site.page(file);
        assert_eq!(
            annotations(&page, "table.compare td"),
            [r"\R", r"\R^2"],
            "{file}"
        );
        for math in page.select("table.compare td math") {
            assert!(text(&math).contains('ℝ'), "{file}: {}", math.html());
        }
    }
    // The handout shows the embeds' formulas and diagrams too, every id once.
    let handout = site.page("handout.html");
    assert_eq!(handout.select(".embed figure.mermaid > svg").len(), 2);
    assert_eq!(annotations(&handout, ".embed"), [r"\R", r"\R"]);
    let ids = handout.attrs("[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
}

#[test]
fn a_bad_formula_in_a_comparison_cell_is_an_error_at_its_line() {
    let site = TestSite::new();
    site.write(
        "notes/cmp.md",
        "# Cmp\n\n```compare\ntitle: Growth\nthings: [{label: A}, {label: B}]\nrows:\n  - aspect: Order\n    values: ['$\\fracc{1}{2}$', '$n$']\n```\n",
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: notes/cmp.md:8:16: formula does not parse: Unknown command \"\\fracc\".
   |
 8 |     values: ['$\\fracc{1}{2}$', '$n$']
   |                ^
  = help: fix the TeX, or define the command under `math_macros:` in site.yaml; a dollar sign that is not math is written `\\$`
error: 1 problem found; nothing was written
"
    );
    let out = site.run(&["build", "--quiet", "--allow-broken-links"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: notes/cmp.md:8:16: formula does not parse"));
    let page = site.page("cmp.html");
    assert_eq!(
        page.texts("table.compare td code.math-source"),
        [r"\fracc{1}{2}"]
    );
}
