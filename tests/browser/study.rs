//! Study mode on the fixture's comparison: hiding every value or a column, revealing a cell by
//! mouse and keyboard, and the plain table without JavaScript.

use headless_chrome::protocol::cdp::Emulation;
use headless_chrome::Tab;
use serde_json::{json, Value};

use crate::support::*;
use crate::COMPARISON_PAGE;

/// Every cell of the first comparison table, with its state.
const CELLS: &str = "[...document.querySelector('figure.comparison table.compare').querySelectorAll('tbody td')].map(td => ({
    label: td.getAttribute('data-label'),
    concealed: td.classList.contains('concealed'),
    tabindex: td.getAttribute('tabindex'),
    role: td.getAttribute('role'),
    visibility: getComputedStyle(td.querySelector('.cell')).visibility,
    text: td.querySelector('.cell').textContent.trim(),
}))";

/// JavaScript for the `n`th cell (row by row, 0-based) of the first comparison table.
fn cell(n: usize) -> String {
    format!("document.querySelector('figure.comparison table.compare').querySelectorAll('tbody td')[{n}]")
}

fn button(label: &str) -> String {
    format!(
        "[...document.querySelectorAll('.study-controls button')].find(b => b.textContent.trim() === {})",
        json!(label)
    )
}

/// Waits until `condition` (JavaScript over `c`, the [`CELLS`] list) holds.
fn wait_cells(tab: &Tab, condition: &str, what: &str) {
    wait_for(
        tab,
        &format!("(() => {{ const c = {CELLS}; return ({condition}) || null; }})()"),
        what,
    );
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn study_mode_hides_and_reveals_comparison_cells() {
    let session = Session::start();
    let tab = session.tab();
    let start = goto_and(
        &tab,
        &file_url(COMPARISON_PAGE),
        &format!(
            "{{
                labels: [...document.querySelectorAll('.study-controls button')].map(b => b.textContent.trim()),
                pressed: [...document.querySelectorAll('.study-controls button')].map(b => b.getAttribute('aria-pressed')),
                columns: [...document.querySelectorAll('figure.comparison table.compare thead th')].slice(1).map(th => th.textContent.trim()),
                beforeTable: !!document.querySelector('.study-controls + table.compare'),
                cells: {CELLS},
            }}"
        ),
    );
    // The controls: "Hide all", "Hide <column>" for each compared thing, "Show all".
    let columns: Vec<String> = serde_json::from_value(start["columns"].clone()).expect("columns");
    assert!(columns.len() >= 2, "comparison columns: {columns:?}");
    let mut expected = vec!["Hide all".to_owned()];
    expected.extend(columns.iter().map(|c| format!("Hide {c}")));
    expected.push("Show all".to_owned());
    assert_eq!(start["labels"], json!(expected), "study-mode buttons");
    assert!(start["pressed"]
        .as_array()
        .is_some_and(|p| p.iter().all(|p| p == "false")));
    assert!(
        start["beforeTable"] == true,
        "the controls are not right before the table"
    );
    let before: Vec<Value> = serde_json::from_value(start["cells"].clone()).expect("cells");
    let total = before.len();
    assert!(total >= 4, "too few cells: {before:?}");
    assert!(before
        .iter()
        .all(|c| c["concealed"] == false && c["visibility"] == "visible"));

    click(&tab, "Hide all", &button("Hide all"));
    let hidden = wait_for(
        &tab,
        &format!("(() => {{ const c = {CELLS}; return c.every(c => c.concealed) && c; }})()"),
        "every cell concealed",
    );
    for c in hidden.as_array().expect("cells") {
        assert_eq!(c["visibility"], "hidden", "a concealed value shows: {c}");
        assert_eq!(c["tabindex"], "0", "a concealed cell is not focusable: {c}");
        assert_eq!(c["role"], "button", "a concealed cell is not a button: {c}");
    }
    assert!(js_bool(
        &tab,
        &format!(
            "{}.getAttribute('aria-pressed') === 'true'",
            button("Hide all")
        )
    ));

    // A click reveals that cell, and only that one.
    click(&tab, "a concealed cell", &cell(0));
    wait_cells(
        &tab,
        "c[0].visibility === 'visible' && c.filter(c => c.concealed).length === c.length - 1",
        "a click to reveal that cell only",
    );

    // Keyboard: focus another concealed cell and press Enter; Space works as well.
    for (n, key) in [(3, "Enter"), (total - 1, " ")] {
        assert!(
            js_bool(
                &tab,
                &format!(
                    "(() => {{ const td = {}; td.focus(); return td.classList.contains('concealed') && document.activeElement === td; }})()",
                    cell(n)
                )
            ),
            "concealed cell {n} does not take focus"
        );
        tab.press_key(key).expect("press a key");
        wait_cells(
            &tab,
            &format!("!c[{n}].concealed && c[{n}].visibility === 'visible'"),
            &format!("{key:?} to reveal the focused cell {n}"),
        );
    }
    wait_cells(
        &tab,
        &format!("c.filter(c => c.concealed).length === {}", total - 3),
        "three cells revealed, the rest still concealed",
    );

    // Hiding one column conceals exactly that column.
    let first = &columns[0];
    click(
        &tab,
        "Hide the first column",
        &button(&format!("Hide {first}")),
    );
    wait_cells(
        &tab,
        &format!(
            "c.every(c => c.concealed === (c.label === {}))",
            json!(first)
        ),
        "that column, and only it, to be concealed",
    );

    click(&tab, "Show all", &button("Show all"));
    wait_cells(
        &tab,
        "c.every(c => !c.concealed && c.visibility === 'visible')",
        "Show all to reveal every cell",
    );
    assert!(js_bool(
        &tab,
        "[...document.querySelectorAll('.study-controls button')].every(b => b.getAttribute('aria-pressed') === 'false')"
    ));

    // Without JavaScript the table shows every value and there are no controls.
    let no_js = session.tab();
    no_js
        .call_method(Emulation::SetScriptExecutionDisabled { value: true })
        .expect("disable JavaScript");
    let plain = goto_and(
        &no_js,
        &file_url(COMPARISON_PAGE),
        &format!(
            "{{ controls: document.querySelectorAll('.study-controls').length, cells: {CELLS} }}"
        ),
    );
    assert_eq!(plain["controls"], 0, "study controls without JavaScript");
    let plain: Vec<Value> = serde_json::from_value(plain["cells"].clone()).expect("cells");
    assert_eq!(plain.len(), total);
    for (c, original) in plain.iter().zip(&before) {
        assert!(
            c["concealed"] == false
                && c["visibility"] == "visible"
                && c["text"] == original["text"]
                && c["text"] != "",
            "without JavaScript a cell is not shown as is: {c}"
        );
    }
}
