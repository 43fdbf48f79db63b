//! Glossary terms in the course: a term's definition shows on hover and on keyboard focus, drawn
//! by the stylesheet from the link's title, with no script.

use crate::support::*;
use headless_chrome::browser::tab::point::Point;

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn glossary_terms_show_their_definition_on_hover_and_keyboard_focus_without_script() {
    let session = Session::start();
    let tab = session.tab();
    // The preview is the link's title drawn by the stylesheet: nothing of it exists until the
    // term is hovered or focused by keyboard.
    let preview = "(() => {
        const a = document.querySelector('main .content a.glossary-term');
        const after = getComputedStyle(a, '::after');
        return { title: a.title, content: after.content, display: after.display,
                 visibility: after.visibility, width: parseFloat(after.width) || 0 };
    })()";
    let before = goto_and(&tab, &course_url("serverless/lambda.html"), preview);
    let title = before["title"].as_str().unwrap_or_default().to_string();
    assert!(
        title.len() > 20,
        "the first term has no definition: {before}"
    );
    assert_eq!(
        before["content"], "none",
        "a preview before any hover: {before}"
    );

    hover(
        &tab,
        "the first glossary term",
        "document.querySelector('main .content a.glossary-term')",
    );
    let hovered = js(&tab, preview);
    assert_eq!(
        hovered["content"],
        serde_json::to_string(&title).unwrap(),
        "no preview on hover: {hovered}"
    );
    assert!(hovered["width"].as_f64().unwrap_or(0.0) > 50.0, "{hovered}");
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");

    // By keyboard: a Tab press makes the next focus a keyboard focus (`:focus-visible`).
    tab.press_key("Tab").expect("press Tab");
    js(
        &tab,
        "document.querySelector('main .content a.glossary-term').focus()",
    );
    let focused = js(&tab, preview);
    assert_eq!(
        focused["content"],
        serde_json::to_string(&title).unwrap(),
        "no preview on keyboard focus: {focused}"
    );
    assert_eq!(focused["visibility"], "visible");
}
