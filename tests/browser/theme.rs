//! The theme button: the page follows the system until the reader picks light or dark; the pick
//! survives a reload and other pages of the site, is in place before the first paint (no flash
//! of the other theme), never reaches paper, and axe-core finds nothing in either picked theme.

use headless_chrome::Tab;
use serde_json::{json, Value};

use crate::a11y::{hide_all, violations};
use crate::support::*;

/// The page's theme as the reader sees it.
const THEME: &str = "(() => {
    const b = document.querySelector('.theme-button');
    return {
        button: !!b && !b.hidden && b.getBoundingClientRect().height > 0, label: b && b.querySelector('.theme-name').textContent.trim(),
        picked: document.documentElement.getAttribute('data-theme'),
        background: getComputedStyle(document.body).backgroundColor,
        keyword: (() => { const k = document.querySelector('pre.code .k, pre.code [class]');
            return k && getComputedStyle(k).color; })(),
        stored: Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k)),
    };
})()";

const LIGHT: &str = "rgb(255, 255, 255)";
const DARK: &str = "rgb(22, 25, 29)";

/// Records, in every new document, the theme when `<body>` starts (before any script in it can
/// run) and the background at the first frame, which is drawn right after.
const FIRST_PAINT: &str = "window.__firstPaint = {};
new MutationObserver((_, o) => {
    if (!document.body) return;
    window.__firstPaint.atBody = document.documentElement.getAttribute('data-theme');
    o.disconnect();
}).observe(document, { childList: true, subtree: true });
requestAnimationFrame(() => {
    window.__firstPaint.background = document.body && getComputedStyle(document.body).backgroundColor;
});";

fn press_theme(tab: &Tab, expect: &str) -> Value {
    click(
        tab,
        "the theme button",
        "document.querySelector('.theme-button')",
    );
    wait_for(
        tab,
        &format!(
            "(() => {{ const t = {THEME}; return t.label === 'Theme: {expect}' ? t : null; }})()"
        ),
        &format!("the theme button to say {expect}"),
    )
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn theme_button_picks_persists_and_never_flashes() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 1280, 900);
    set_dark(&tab, false);
    let page = "code/languages.html";

    // Follows the system by default.
    let first = goto_and(&tab, &file_url(page), THEME);
    assert!(
        first["button"] == true
            && first["label"] == "Theme: system"
            && first["picked"].is_null()
            && first["background"] == LIGHT,
        "not the system's light theme with a theme button: {first}"
    );
    let light_keyword = first["keyword"].clone();
    assert!(
        light_keyword.is_string(),
        "no highlighted code on {page}: {first}"
    );

    // Light, then dark, which is kept for the site.
    press_theme(&tab, "light");
    let dark = press_theme(&tab, "dark");
    assert!(
        dark["picked"] == "dark" && dark["background"] == DARK && dark["keyword"] != light_keyword,
        "the dark pick did not darken the page and its code: {dark}"
    );
    let root = js(
        &tab,
        "new URL(document.documentElement.getAttribute('data-root') || './', location.href).pathname",
    );
    assert_eq!(
        dark["stored"],
        json!([format!(
            "studysite-theme:{}=dark",
            root.as_str().unwrap_or_default()
        )]),
        "the pick is not stored under the site's own key: {dark}"
    );

    // After a reload, and on a page in another folder, it is dark from the first paint.
    tab.call_method(AddScriptOnNewDocument(json!({ "source": FIRST_PAINT })))
        .expect("add the first-paint recorder");
    for url in [file_url(page), file_url("compare/queues.html")] {
        let again = goto_and(
            &tab,
            &url,
            &format!("({{ now: {THEME}, first: window.__firstPaint }})"),
        );
        assert!(
            again["now"]["label"] == "Theme: dark" && again["now"]["background"] == DARK,
            "{url}: the pick was not kept: {again}"
        );
        assert!(
            again["first"]["atBody"] == "dark" && again["first"]["background"] == DARK,
            "{url}: the first paint was not already dark (a flash of light): {again}"
        );
    }

    // Paper is light whatever the pick.
    tab.call_method(SetEmulatedMedia(json!({ "media": "print" })))
        .expect("emulate print");
    let printed = js(&tab, THEME);
    set_dark(&tab, false);
    assert_eq!(printed["background"], LIGHT, "printed dark: {printed}");

    // Back to the system, which is dark now: the page follows it and the pick is forgotten.
    set_dark(&tab, true);
    goto_and(&tab, &file_url(page), "true");
    let system = press_theme(&tab, "system");
    assert!(
        system["picked"].is_null() && system["background"] == DARK && system["stored"] == json!([]),
        "back to the system's theme, the page does not follow it or the pick stays stored: {system}"
    );
    // And a light pick wins over the dark system, code included.
    let light = press_theme(&tab, "light");
    assert!(
        light["background"] == LIGHT && light["keyword"] == light_keyword,
        "a light pick on a dark system is not light: {light}"
    );

    // On a phone the button is an icon where it comes in Tab order, last: after the site's links,
    // on their row (on the title's row it was seen first and reached last), which adds no row.
    set_viewport(&tab, 360, 780);
    let rows = goto_and(
        &tab,
        &file_url(page),
        "(() => {
            const box = s => document.querySelector(s).getBoundingClientRect();
            const mid = s => { const r = box(s); return r.top + r.height / 2; };
            return { button: mid('.theme-button'), links: mid('.site-links a:last-child'), title: mid('.site-title'),
                     buttonLeft: box('.theme-button').left, linksRight: box('.site-links a:last-child').right,
                     header: box('.site-header').height };
        })()",
    );
    let at = |k: &str| rows[k].as_f64().unwrap_or(f64::NAN);
    assert!(
        (at("button") - at("links")).abs() < 8.0
            && at("buttonLeft") > at("linksRight")
            && at("button") > at("title"),
        "the theme button is not after the links, on their row, at 360 px: {rows}"
    );
    assert!(at("header") < 150.0, "the phone header grew: {rows}");
}

/// axe-core on the pages with the most colours, in each theme picked against the system's.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn axe_finds_nothing_in_either_picked_theme() {
    let session = Session::start();
    let tab = session.tab();
    let mut found = Vec::new();
    for (system_dark, pick) in [(true, "light"), (false, "dark")] {
        set_dark(&tab, system_dark);
        for (width, height) in [(1280, 900), (360, 780)] {
            set_viewport(&tab, width, height);
            for page in [
                "code/languages.html",
                crate::COMPARISON_PAGE,
                "diagrams/pipeline.html",
            ] {
                goto_and(&tab, &file_url(page), "true");
                js(
                    &tab,
                    &format!(
                        "localStorage.setItem(document.documentElement.getAttribute('data-theme-key'), '{pick}')"
                    ),
                );
                goto_and(&tab, &file_url(page), "true");
                if page == crate::COMPARISON_PAGE {
                    hide_all(&tab);
                }
                let what = format!("{page} ({pick} picked, {width} px)");
                let picked = js(&tab, "document.documentElement.getAttribute('data-theme')");
                assert_eq!(picked, pick, "{what}: the pick was not applied");
                found.extend(violations(&tab, &what));
            }
        }
    }
    assert!(
        found.is_empty(),
        "axe-core found {} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}
