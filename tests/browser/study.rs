//! Study mode on the fixture's comparison: hiding every value or a column, revealing a cell by
//! mouse and keyboard (focus on the revealed cell), hidden cells seen and named as such, no
//! preview giving a hidden column away, and the plain table without JavaScript.

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
    shown: td.querySelector('.cell').getClientRects().length > 0,
    text: td.querySelector('.cell').textContent.trim(),
    button: td.querySelector('button.reveal') && td.querySelector('button.reveal').getAttribute('aria-label'),
    focused: document.activeElement === td,
}))";

/// The contrast of a hidden cell's button border against the cell, as WCAG computes it.
const HIDDEN_CONTRAST: &str = "(() => {
    const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const td = document.querySelector('td.concealed'), b = td.querySelector('button.reveal');
    const [x, y] = [lum(getComputedStyle(b).borderTopColor), lum(getComputedStyle(td).backgroundColor)];
    return { contrast: (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05), style: getComputedStyle(b).borderTopStyle };
})()";

/// Where each study button is and how it is drawn, to see that pressing one moves nothing.
/// (Relative to their group: clicking one scrolls the page.)
const BUTTON_BOXES: &str = "[...document.querySelectorAll('.study-controls button')].map(b => {
    const r = b.getBoundingClientRect(), g = b.parentNode.getBoundingClientRect();
    return [Math.round(r.left - g.left), Math.round(r.top - g.top), Math.round(r.width), getComputedStyle(b).fontWeight];
})";

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
    let boxes = js(&tab, BUTTON_BOXES);
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
    // Each hidden cell stays a cell (its headers still apply) holding a button named after
    // its row and column; its answer takes no room (no box: its height hints at nothing).
    let aspects = js(
        &tab,
        "[...document.querySelectorAll('figure.comparison tbody tr')].map(tr => tr.querySelector('th').firstChild.textContent.trim())",
    );
    let aspects: Vec<String> = serde_json::from_value(aspects).expect("aspects");
    for (n, c) in hidden.as_array().expect("cells").iter().enumerate() {
        assert_eq!(c["shown"], false, "a concealed value shows: {c}");
        assert_eq!(
            c["role"],
            Value::Null,
            "a concealed cell is no longer a cell: {c}"
        );
        let name = format!(
            "{}, {}: hidden, press Enter to reveal",
            aspects[n / columns.len()],
            columns[n % columns.len()]
        );
        assert_eq!(c["button"], name.as_str(), "a hidden cell's name: {c}");
    }
    for dark in [true, false] {
        set_dark(&tab, dark);
        let seen = js(&tab, HIDDEN_CONTRAST);
        assert!(
            seen["contrast"].as_f64().unwrap() >= 3.0 && seen["style"] == "dashed",
            "a hidden cell is not clearly marked (dark: {dark}): {seen}"
        );
    }
    assert!(
        js_bool(
            &tab,
            "(() => { const h = document.querySelector('.study-hint'); return h.offsetHeight > 0 && /click/i.test(h.textContent) && /Enter/.test(h.textContent); })()"
        ),
        "no visible hint on how to reveal"
    );
    assert_eq!(
        js(&tab, BUTTON_BOXES),
        boxes,
        "pressing a study button moved or restyled the buttons' text"
    );
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
        "c[0].shown && c.filter(c => c.concealed).length === c.length - 1",
        "a click to reveal that cell only",
    );

    // Keyboard: Tab reaches a hidden cell's button; Enter (or Space) reveals the cell and the
    // focus stays on it, so the answer is read out and Tab goes on from there.
    for (n, key) in [(3, "Enter"), (total - 1, " ")] {
        assert!(
            js_bool(
                &tab,
                &format!(
                    "(() => {{ const b = {}.querySelector('button.reveal'); b.focus(); return document.activeElement === b; }})()",
                    cell(n)
                )
            ),
            "concealed cell {n}'s button does not take focus"
        );
        tab.press_key(key).expect("press a key");
        wait_cells(
            &tab,
            &format!("!c[{n}].concealed && c[{n}].shown && c[{n}].focused"),
            &format!("{key:?} to reveal the focused cell {n} and keep the focus on it"),
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
    // Its header links to the thing's note, whose preview would give the answers away.
    let header = "document.querySelector('figure.comparison thead th a')";
    hover(&tab, "the hidden column's header", header);
    std::thread::sleep(std::time::Duration::from_millis(900));
    assert!(
        js_bool(&tab, "!document.querySelector('.link-preview')"),
        "hovering a hidden column's header shows a preview"
    );

    click(&tab, "Show all", &button("Show all"));
    wait_cells(
        &tab,
        "c.every(c => !c.concealed && c.shown)",
        "Show all to reveal every cell",
    );
    // Studied no more, the same header has its preview again.
    tab.move_mouse_to_point(headless_chrome::browser::tab::point::Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");
    hover(&tab, "the column's header", header);
    wait_for(
        &tab,
        "document.querySelector('.link-preview')",
        "the header's preview once nothing is hidden",
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
                && c["shown"] == true
                && c["visibility"] == "visible"
                && c["text"] == original["text"]
                && c["text"] != "",
            "without JavaScript a cell is not shown as is: {c}"
        );
    }
}

/// Study mode as a student sees it, written for a reviewer to look at: every value hidden but
/// one revealed, at desktop and phone widths, light and dark.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn study_mode_screenshots_at_desktop_and_phone_widths() {
    let session = Session::start();
    let tab = session.tab();
    screenshot_views(&tab, "study", &file_url(COMPARISON_PAGE), |tab| {
        click(tab, "Hide all", &button("Hide all"));
        click(tab, "a concealed cell", &cell(2));
        js(
            tab,
            "scrollTo({ top: document.querySelector('figure.comparison').getBoundingClientRect().top + scrollY - 160, behavior: 'instant' })",
        );
    });
}
