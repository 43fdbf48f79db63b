//! The outline as a drawer on phones: a menu button in the sticky header opens it, it traps
//! nothing (Tab leaves it, and it closes), Escape closes it and gives the focus back; on a
//! desktop the outline is a column and there is no button.

use headless_chrome::Tab;
use serde_json::Value;

use crate::support::*;

/// Where the drawer, its button and the focus are.
const DRAWER: &str = "(() => {
    const b = document.querySelector('.menu-button'), o = document.getElementById('outline');
    const br = b.getBoundingClientRect(), or = o.getBoundingClientRect();
    const header = document.querySelector('.site-header').getBoundingClientRect();
    return {
        button: !b.hidden && br.width > 0 && getComputedStyle(b).display !== 'none',
        buttonHeight: br.height, expanded: b.getAttribute('aria-expanded'),
        shown: getComputedStyle(o).visibility === 'visible' && or.right > 0 && or.left < innerWidth,
        left: or.left, right: or.right, inner: innerWidth, headerTop: header.top,
        focusIn: o.contains(document.activeElement), focusOnButton: document.activeElement === b,
        current: document.activeElement && document.activeElement.getAttribute('aria-current'),
        links: o.querySelectorAll('a').length,
    };
})()";

fn drawer(tab: &Tab, condition: &str, what: &str) -> Value {
    wait_for(
        tab,
        &format!("(() => {{ const d = {DRAWER}; return ({condition}) ? d : null; }})()"),
        what,
    )
}

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn phone_outline_drawer_opens_traps_nothing_and_closes_with_escape() {
    let session = Session::start();
    let tab = session.tab();
    set_viewport(&tab, 360, 780);
    // Closed from the first moment: it once slid out over the page as the page loaded.
    let closed = goto_and(&tab, &file_url("compare/queues.html"), DRAWER);
    assert!(
        closed["button"] == true && closed["shown"] == false,
        "the drawer shows on load, or its button does not: {closed}"
    );
    assert!(
        closed["buttonHeight"].as_f64().unwrap_or(0.0) >= 44.0,
        "the menu button is too small to tap: {closed}"
    );
    assert_eq!(closed["expanded"], "false", "{closed}");

    // Opens on a tap, inside the screen, with the focus on the current page's entry.
    click(
        &tab,
        "the menu button",
        "document.querySelector('.menu-button')",
    );
    let open = drawer(
        &tab,
        "d.shown && d.expanded === 'true' && d.left >= -0.5",
        "the drawer to slide in",
    );
    assert!(
        open["left"].as_f64() >= Some(-0.5)
            && open["right"].as_f64() <= open["inner"].as_f64().map(|w| w + 0.5),
        "the open drawer is not within the screen: {open}"
    );
    let open = drawer(&tab, "d.focusIn", "the focus to move into the drawer");
    assert_eq!(
        open["current"], "page",
        "focus is not on this page's entry: {open}"
    );

    // Traps nothing: Tab goes through and out of it, and it closes behind the focus.
    let links = open["links"].as_u64().expect("a count of links");
    for _ in 0..=links {
        tab.press_key("Tab").expect("press Tab");
    }
    let left = drawer(&tab, "!d.focusIn", "Tab to leave the drawer");
    assert!(
        left["shown"] == false && left["expanded"] == "false",
        "the drawer stayed open after the focus left it: {left}"
    );

    // Escape closes it and gives the focus back to the button.
    click(
        &tab,
        "the menu button again",
        "document.querySelector('.menu-button')",
    );
    drawer(&tab, "d.shown && d.focusIn", "the drawer to open again");
    tab.press_key("Escape").expect("press Escape");
    drawer(
        &tab,
        "!d.shown && d.expanded === 'false' && d.focusOnButton",
        "Escape to close the drawer and focus its button",
    );

    // The header stays on screen at the foot of the page.
    js(
        &tab,
        "window.scrollTo(0, document.documentElement.scrollHeight)",
    );
    let scrolled = drawer(&tab, "scrollY > 100", "the page to scroll");
    assert_eq!(
        scrolled["headerTop"], 0.0,
        "the header scrolled away: {scrolled}"
    );

    // A desktop has the outline as a column and no button.
    set_viewport(&tab, 1280, 900);
    goto_and(&tab, &file_url("compare/queues.html"), "true");
    drawer(
        &tab,
        "!d.button && d.shown && d.left >= 0",
        "the outline column without a button at 1280 px",
    );
}
