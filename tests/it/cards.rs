//! Cards drawn from the notes (`tests/fixtures/cards`): `cards.tsv` parsed back as Anki reads
//! it, the review page's data (`cards.js`), what note pages show of their cards, ids that
//! survive edits, and the mistakes that stop a build, at their lines.

use crate::common::{stderr, TestSite};
use serde_json::Value;
use std::sync::OnceLock;

fn built() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::fixture("cards");
        site.build();
        site
    })
}

/// The records of a tab-separated file whose fields are quoted with doubled quotes inside, as
/// Anki's importer reads them (a quoted field may hold tabs and line breaks), after the `#`
/// header lines, which are returned first.
fn parse_tsv(text: &str) -> (Vec<&str>, Vec<Vec<String>>) {
    let headers: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    let body = &text[headers.iter().map(|h| h.len() + 1).sum::<usize>()..];
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        assert_eq!(c, '"', "every field is quoted: {body}");
        let mut field = String::new();
        loop {
            match chars.next().expect("a closing quote") {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => break,
                c => field.push(c),
            }
        }
        row.push(field);
        match chars.next() {
            Some('\t') => {}
            Some('\n') | None => rows.push(std::mem::take(&mut row)),
            Some(other) => panic!("unexpected {other:?} after a field"),
        }
    }
    (headers, rows)
}

/// The index of `cards.js`, read back as the review page reads it.
fn cards_js(site: &TestSite) -> Value {
    let js = site.output("cards.js");
    let literal = js
        .strip_prefix("studysiteCards(JSON.parse(")
        .and_then(|s| s.strip_suffix("));\n"))
        .expect("cards.js calls studysiteCards(JSON.parse(string))");
    let json: String = serde_json::from_str(literal).expect("a string literal");
    serde_json::from_str(&json).expect("the string is JSON")
}

/// The argument of `name(…);` in the file `rel` of the output, after `prefix`.
fn call_data(site: &TestSite, rel: &str, call: &str) -> Value {
    let js = site.output(rel);
    let json = js
        .strip_prefix(call)
        .and_then(|s| s.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{rel} calls {call}…)"));
    serde_json::from_str(json).expect("the data is JSON")
}

/// Every card of the course as (id, anchor, note's page), in order, read from the parts the
/// index names (`cards/p-<k>.js`), as the review page reads them.
fn cards_of(site: &TestSite, index: &Value) -> Vec<(String, String, String)> {
    let dirs = index["dirs"].as_array().unwrap();
    let mut cards = Vec::new();
    for (k, part) in index["parts"].as_array().unwrap().iter().enumerate() {
        let data = call_data(
            site,
            &format!("cards/p-{k}.js"),
            &format!("studysiteCardPart({k},"),
        );
        let ids = data["ids"].as_str().unwrap();
        let anchors = data["anchors"].as_array().unwrap();
        let anchor = data["anchor"].as_array().unwrap();
        let count = part[1].as_u64().unwrap() as usize;
        assert_eq!(ids.len(), 16 * count);
        assert_eq!(anchor.len(), count);
        let dir = dirs[part[0].as_u64().unwrap() as usize].as_str().unwrap();
        let mut i = 0;
        for note in data["notes"].as_array().unwrap() {
            let page = note[1].as_str().unwrap();
            let page = match page.strip_prefix('/') {
                Some(whole) => whole.to_string(),
                None if dir.is_empty() => format!("{page}.html"),
                None => format!("{dir}/{page}.html"),
            };
            for _ in 0..note[3].as_u64().unwrap() {
                cards.push((
                    ids[16 * i..16 * i + 16].to_string(),
                    anchors[anchor[i].as_u64().unwrap() as usize]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    page.clone(),
                ));
                i += 1;
            }
        }
        assert_eq!(i, count, "the notes' cards add up to the part's");
    }
    cards
}

#[test]
fn cards_tsv_has_anki_headers_and_one_quoted_row_per_card() {
    let site = built();
    let tsv = site.output("cards.tsv");
    let (headers, rows) = parse_tsv(&tsv);
    // As the Anki manual's "Text Files" page spells them.
    assert_eq!(
        headers,
        [
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#columns:GUID\tDeck\tFront\tBack\tTags",
            "#guid column:1",
            "#deck column:2",
            "#tags column:5",
        ]
    );
    assert_eq!(rows.len(), 9, "{rows:#?}");
    assert!(rows.iter().all(|r| r.len() == 5), "{rows:#?}");
    let first = &rows[0];
    assert_eq!(first[1], "Cards Course::Serverless");
    assert_eq!(first[2], "<p>How long can a Lambda function run?</p>");
    assert_eq!(
        first[3],
        "<p>At most <strong>15 minutes</strong>, then it is \"stopped\".</p>"
    );
    assert_eq!(first[4], "aws compute_time studysite::question");
    let clozes: Vec<&Vec<String>> = rows.iter().filter(|r| r[4].ends_with("::cloze")).collect();
    assert_eq!(clozes.len(), 2);
    assert!(clozes[1][2].contains("up to <span class=\"cloze\">[…]</span> of memory"));
    let guids: std::collections::HashSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(guids.len(), rows.len(), "guids are unique");
}

#[test]
fn cards_js_holds_the_same_cards_and_the_quiz_questions() {
    let site = built();
    let data = cards_js(site);
    let tsv = site.output("cards.tsv");
    let (_, rows) = parse_tsv(&tsv);
    let cards = cards_of(site, &data);
    let ids: Vec<&str> = cards.iter().map(|c| c.0.as_str()).collect();
    let guids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, guids);
    let anchors: Vec<&str> = cards.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(anchors[..5], [""; 5]);
    assert_eq!(anchors[5..], ["ec2-vs-lambda"; 4]);
    let pages: Vec<&str> = cards.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(pages[0], "serverless/lambda.html");
    assert_eq!(pages[5], "serverless/ec2-vs-lambda.html");
    // One part, the one folder's: its cards, and how many of them each tag has (aws 4,
    // compute-time 4, flashcards 1; the comparison's note has no tag).
    assert_eq!(data["dirs"], serde_json::json!(["serverless"]));
    assert_eq!(data["tags"][0], "aws");
    assert_eq!(
        data["parts"],
        serde_json::json!([[0, 9, [0, 4, 1, 4, 2, 1]]])
    );
    let part = call_data(site, "cards/p-0.js", "studysiteCardPart(0,");
    assert_eq!(
        part["notes"][0],
        serde_json::json!(["Lambda", "lambda", [0, 1], 4])
    );
    // The cards' HTML, in the same order, in one file of up to 256.
    assert_eq!(data["chunk"], 256);
    let bodies = call_data(site, "cards/b-0.js", "studysiteCardBodies(0,");
    let bodies = bodies.as_array().unwrap();
    assert_eq!(bodies.len(), cards.len());
    assert_eq!(
        bodies[0],
        serde_json::json!([
            "<p>How long can a Lambda function run?</p>",
            "<p>At most <strong>15 minutes</strong>, then it is \"stopped\".</p>"
        ])
    );
    // The quiz questions, in a file of their own, each with its note.
    assert_eq!(data["quiz"], 4);
    let quiz = call_data(site, "cards/quiz.js", "studysiteQuiz(");
    let quiz = quiz.as_array().unwrap();
    assert_eq!(quiz.len(), 4);
    for q in quiz {
        assert_eq!(q[1][0], "EC2 vs Lambda");
        assert_eq!(q[1][1], "serverless/ec2-vs-lambda.html");
        assert_eq!(
            data["dirs"][q[1][2].as_u64().unwrap() as usize],
            "serverless"
        );
        assert_eq!(q[2], "ec2-vs-lambda");
        assert_eq!(q[4], serde_json::json!(["Amazon EC2", "AWS Lambda"]));
    }
    // "Time: up to 15 minutes" is Lambda's.
    let time = quiz
        .iter()
        .find(|q| q[3].as_str().unwrap().contains("Time: up to 15 minutes"))
        .unwrap();
    assert_eq!(time[5], 1);
    assert_eq!(data["store"], "studysite:cards-course");
}

/// A course in several folders is cut in parts at each folder and at 1024 cards, a note's
/// cards never split, so that the review page reads the index and only the parts it needs;
/// a note whose page is elsewhere than its folder (a `permalink`) keeps its whole page.
#[test]
fn the_cards_are_in_parts_by_folder_of_at_most_1024() {
    let site = TestSite::new();
    site.write("site.yaml", "title: Parts\n");
    let lines = |n: usize, from: usize| -> String {
        (from..from + n)
            .map(|i| format!("Question {i}?::Answer {i}\n\n"))
            .collect()
    };
    for (note, count) in [("a/one", 600), ("a/two", 600), ("b/three", 10)] {
        site.write(
            &format!("notes/{note}.md"),
            format!(
                "---\ntitle: {note}\ntags: [flashcards]\n---\n{}",
                lines(count, 0)
            ),
        );
    }
    site.write(
        "notes/b/moved.md",
        format!(
            "---\ntitle: Moved\ntags: [flashcards, extra]\npermalink: elsewhere/moved\n---\n{}",
            lines(2, 0)
        ),
    );
    site.build();
    let index = cards_js(&site);
    let parts = index["parts"].as_array().unwrap();
    let shape: Vec<(String, u64)> = parts
        .iter()
        .map(|p| {
            (
                index["dirs"][p[0].as_u64().unwrap() as usize]
                    .as_str()
                    .unwrap()
                    .to_string(),
                p[1].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [("a".into(), 600), ("a".into(), 600), ("b".into(), 12)],
        "{index}"
    );
    let cards = cards_of(&site, &index);
    assert_eq!(cards.len(), 1212);
    assert!(
        cards.iter().any(|c| c.2 == "elsewhere/moved.html"),
        "{cards:?}"
    );
    // The tag counts say how many of a part's cards each tag has.
    let extra = index["tags"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t == "extra")
        .unwrap();
    assert_eq!(parts[2][2], serde_json::json!([0, 12, extra, 2]));
}

/// A course of more cards than a body file holds: the HTML is split in files of 256 in card
/// order, so the review page loads only the file of the card it shows.
#[test]
fn card_bodies_are_split_in_files_of_256() {
    let site = TestSite::new();
    site.write("site.yaml", "title: Many\n");
    let lines: String = (0..300)
        .map(|i| format!("Question {i}?::Answer {i}\n\n"))
        .collect();
    site.write(
        "notes/many.md",
        format!("---\ntitle: Many\ntags: [flashcards]\n---\n{lines}"),
    );
    site.build();
    let index = cards_js(&site);
    assert_eq!(cards_of(&site, &index).len(), 300);
    let first = call_data(&site, "cards/b-0.js", "studysiteCardBodies(0,");
    let second = call_data(&site, "cards/b-1.js", "studysiteCardBodies(1,");
    assert_eq!(first.as_array().unwrap().len(), 256);
    assert_eq!(second.as_array().unwrap().len(), 44);
    assert_eq!(second[0][0], "<p>Question 256?</p>");
    assert!(!site.path("public/cards/b-2.js").exists());
}

#[test]
fn notes_show_their_cards_and_link_to_practise() {
    let site = built();
    let page = site.page("serverless/lambda.html");
    assert_eq!(page.texts(".study-note > span:first-child"), ["4 cards"]);
    assert_eq!(
        page.attrs(".study .practise", "href"),
        ["../review.html?note=serverless/lambda.html"]
    );
    assert_eq!(
        page.attrs(".study", "data-note"),
        ["serverless/lambda.html"]
    );
    // Every page's header links to the review page.
    assert_eq!(
        page.attrs(".site-links a[href$='review.html']", "href"),
        ["../review.html"]
    );
    // The home page lists each section's cards.
    let home = site.page("index.html");
    assert_eq!(
        home.texts(".study-progress tbody th"),
        ["Serverless Practise"]
    );
    assert_eq!(home.texts(".study-progress tbody td:nth-child(2)"), ["9"]);
    assert_eq!(
        home.attrs(".study-progress .practise", "href"),
        ["review.html?section=serverless"]
    );
    let comparisons = site.page("comparisons.html");
    assert_eq!(
        comparisons.attrs(".practise", "href"),
        ["review.html?note=serverless/ec2-vs-lambda.html&comparison=ec2-vs-lambda"]
    );
}

#[test]
fn the_review_page_loads_its_scripts_from_the_site_and_lists_what_to_practise() {
    let site = built();
    let page = site.page("review.html");
    let scripts = page.attrs("script[src]", "src");
    let review = ["vendor/ts-fsrs.js", "progress.js", "review.js"].map(String::from);
    // Asked for first of all, before the style sheets.
    let head = page.attrs("head link[rel=preload], head link[rel=stylesheet]", "href");
    assert!(head.starts_with(&review), "{head:?}");
    // In this order (the page's own, after base.html's deferred ones in the head), and last
    // among the scripts with a src.
    assert!(scripts.ends_with(&review), "{scripts:?}");
    // Before them, in the page itself, the data of cards/p-0.js, cards/b-0.js and cards.js, with
    // nothing in it that could end its script element.
    let held = page
        .select("script#review-first[type='application/json']")
        .first()
        .map(|s| s.inner_html())
        .expect("the review page's data block");
    assert!(!held.contains('<') && !held.contains('&'), "{held:.200}");
    let data: Value = serde_json::from_str(&held).expect("JSON");
    assert_eq!(data["index"], cards_js(site));
    assert_eq!(
        data["part"],
        call_data(site, "cards/p-0.js", "studysiteCardPart(0,")
    );
    assert_eq!(
        data["bodies"],
        call_data(site, "cards/b-0.js", "studysiteCardBodies(0,")
    );
    let files = [
        "vendor/ts-fsrs.js",
        "progress.js",
        "review.js",
        "cards.js",
        "cards/p-0.js",
        "cards/b-0.js",
        "cards/quiz.js",
    ];
    for script in files {
        assert!(site.path("public").join(script).is_file(), "{script}");
    }
    let links = page.attrs(".review-scopes a", "href");
    assert!(
        links.contains(&"review.html?quiz=1".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"review.html?section=serverless".to_string()));
    assert!(links.contains(&"review.html?tag=aws".to_string()));
    // The outline, the practise list and the progress section are out of the first layout,
    // until review.js has shown the first card: the lists hidden, the outline's place kept.
    let later = page.select("[data-after-card]");
    let later: Vec<String> = later
        .iter()
        .map(|e| e.value().attr("class").unwrap_or_default().to_string())
        .collect();
    assert_eq!(later, ["outline", "review-scopes", "review-data"]);
    assert_eq!(
        page.attrs(".review-scopes[hidden], .review-data[hidden]", "class")
            .len(),
        2
    );
    assert_eq!(
        page.attrs("nav.outline", "style"),
        ["content-visibility: hidden"]
    );
    // No other page keeps its outline back.
    let note = site.page("serverless/lambda.html");
    assert!(note
        .select("[data-after-card], nav.outline[style]")
        .is_empty());
}

#[test]
fn ids_survive_an_edited_answer_and_a_reordered_note() {
    let site = TestSite::fixture("cards");
    site.build();
    let before = cards_of(&site, &cards_js(&site));
    let lambda = std::fs::read_to_string(site.path("notes/serverless/lambda.md")).unwrap();
    let edited = lambda
        .replace("> No.", "> No: it is billed per request and duration.")
        .replace("# Lambda\n", "# Lambda\n\nA new first paragraph.\n");
    site.write("notes/serverless/lambda.md", edited);
    site.build();
    let after = cards_js(&site);
    assert_eq!(before, cards_of(&site, &after));
    assert!(site.output("cards/b-0.js").contains("billed per request"));
}

#[test]
fn card_mistakes_stop_the_build_at_their_lines() {
    let site = TestSite::new();
    site.write(
        "notes/a.md",
        "---\ntitle: A\n---\n> [!question] Why?\n>\n\n> [!KEY]\n> - **All of it**\n\n\
         > [!faq] Twice?\n> One.\n\n> [!faq] Twice?\n> Two.\n",
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for expected in [
        "error: notes/a.md:4:1: question 'Why?' has no answer",
        "error: notes/a.md:8:1: cloze with nothing around its blank",
        "error: notes/a.md:13:1: two cards with the same question in this note (the first at line 10)",
        "error: 3 problems found",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
}

/// Writes the fixture's handout with `args` and returns its HTML.
fn handout(site: &TestSite, args: &[&str]) -> crate::common::Page {
    let mut all = vec!["handout", "--root", "."];
    all.extend_from_slice(args);
    let out = site.run(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path("handout.html")).unwrap();
    crate::common::Page(scraper::Html::parse_document(&html))
}

#[test]
fn a_handout_ends_with_the_answer_key_by_default_and_none_or_inline_leave_it_out() {
    let site = TestSite::fixture("cards");
    let page = handout(&site, &[]);
    // After the last note, in the notes' order, each question with its answer.
    let last = page.select("main > *").last().map(|e| e.value().id());
    assert_eq!(last, Some(Some("answer-key")));
    assert_eq!(page.texts("#answer-key h3"), ["Lambda", "Flash"]);
    assert_eq!(
        page.texts("#answer-key .answer-key-question"),
        [
            "How long can a Lambda function run?",
            "Is Lambda billed when idle?",
            "What is the Lambda free tier?"
        ]
    );
    assert_eq!(
        page.texts("#answer-key .answer-key-answer")[0],
        "At most 15 minutes, then it is \"stopped\"."
    );
    for answers in ["none", "inline"] {
        let page = handout(&site, &["--answers", answers, "--force"]);
        assert!(page.select("#answer-key").is_empty(), "--answers {answers}");
    }
}

#[test]
fn the_printed_answer_key_comes_after_the_last_note() {
    if crate::handout::pdf_tools().is_none() {
        return;
    }
    let site = TestSite::fixture("cards");
    let out = site.run(&["handout", "--root", ".", "--pdf", "h.pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf = site.path("h.pdf");
    let pages = crate::handout::pdf_pages(&pdf);
    let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let last = words(crate::handout::pdftotext(&pdf, Some(pages)));
    assert!(
        last.starts_with("Answer key"),
        "the key starts the last page: {last}"
    );
    assert!(
        last.contains("What is the Lambda free tier? 1 million requests a month"),
        "{last}"
    );
    let before: String = (1..pages)
        .map(|p| words(crate::handout::pdftotext(&pdf, Some(p))))
        .collect();
    assert!(
        before.contains("EC2 vs Lambda") && !before.contains("Answer key"),
        "{before}"
    );
}

/// `--answers end` takes a question callout's answer off the note's own pages and prints it in
/// the key only; `--answers none` prints it nowhere. The questions stay on the notes' pages.
#[test]
fn printed_answers_leave_the_notes_pages_for_the_key_or_for_nowhere() {
    if crate::handout::pdf_tools().is_none() {
        return;
    }
    let site = TestSite::fixture("cards");
    let words = |text: String| text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Every page's text, in order.
    let printed = |answers: &str| -> Vec<String> {
        let file = format!("{answers}.pdf");
        let out = site.run(&[
            "handout",
            "--root",
            ".",
            "--answers",
            answers,
            "--pdf",
            &file,
            "--force",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let pdf = site.path(&file);
        (1..=crate::handout::pdf_pages(&pdf))
            .map(|p| words(crate::handout::pdftotext(&pdf, Some(p))))
            .collect()
    };
    // The answer of "How long can a Lambda function run?", and nothing else in the course.
    let answer = "then it is";
    let question = "How long can a Lambda function run?";

    let pages = printed("end");
    let (key, notes) = pages.split_last().unwrap();
    let notes = notes.join(" ");
    assert!(
        key.starts_with("Answer key") && key.contains(answer),
        "{key}"
    );
    assert!(notes.contains(question), "the question stays: {notes}");
    assert!(
        !notes.contains(answer),
        "the answer is in the key only: {notes}"
    );

    let all = printed("none").join(" ");
    assert!(all.contains(question), "{all}");
    assert!(
        !all.contains(answer) && !all.contains("Answer key"),
        "{all}"
    );

    // And the check can fail: inline, the answer is on the note's page.
    let all = printed("inline").join(" ");
    assert!(all.contains(answer), "{all}");
}

#[test]
fn a_handout_can_print_comparisons_with_one_column_blank() {
    let site = TestSite::fixture("cards");
    let page = handout(&site, &["--blank-column", "2"]);
    let cells = page.texts("table.compare tbody td");
    assert_eq!(cells, ["Instance size", "", "No", ""]);
    assert_eq!(page.select("table.compare td.blank").len(), 2);
    let page = handout(&site, &["--force"]);
    let cells = page.texts("table.compare tbody td");
    assert_eq!(
        cells,
        ["Instance size", "Time: up to 15 minutes", "No", "Yes"]
    );
}

/// A real vault's list of oral-exam questions, most not answered yet: Obsidian shows them, so
/// imported with `--allow-broken-links` the notes build, each unanswered question a warning and
/// no card; without the flag each is an error at its line.
#[test]
fn unanswered_questions_in_imported_notes_are_warnings_and_no_cards() {
    let site = TestSite::new();
    site.write("site.yaml", "title: T\n");
    site.write(
        "notes/oral.md",
        "---\ntitle: Oral exam\n---\n> [!question] What is a lambda?\n> A function without a name.\n\n> [!question] What is type erasure?\n",
    );
    let strict = site.run(&["build", "--quiet"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict)
            .contains("notes/oral.md:7:1: question 'What is type erasure?' has no answer"),
        "{}",
        stderr(&strict)
    );
    let out = site.run(&["build", "--quiet", "--allow-broken-links"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning: notes/oral.md:7:1: question 'What is type erasure?' has no answer"),
        "{}",
        stderr(&out)
    );
    let tsv = site.output("cards.tsv");
    let rows: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows.len(), 1, "{tsv}");
    assert!(rows[0].contains("What is a lambda?"), "{tsv}");
}

/// `serve` makes the review page's files when the browser asks for them, the same bytes as
/// `build` writes: the index, a part, a file of cards' HTML, the quiz.
#[test]
fn serve_makes_the_review_pages_files_as_build_writes_them() {
    let site = built();
    let work = tempfile::tempdir().unwrap();
    let options = studysite::Options {
        root: site.root().to_path_buf(),
        ..studysite::Options::default()
    };
    let preview = studysite::command::serve::Preview::new(&options, work.path());
    for file in ["cards.js", "cards/p-0.js", "cards/b-0.js", "cards/quiz.js"] {
        // Gone from the preview's folder, so that only the preview can make it.
        let _ = std::fs::remove_file(preview.out_dir().join(file));
        let built = std::fs::read(site.path("public").join(file)).unwrap();
        assert!(
            preview.page(file) == Some(built),
            "{file} is served as built"
        );
    }
}
