//! Link previews: hovering or focusing an internal link shows the linked note's title and
//! summary; moving away or Escape closes it.

use headless_chrome::browser::tab::point::Point;

use crate::support::*;

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn link_previews_show_the_linked_notes_title() {
    let session = Session::start();
    let tab = session.tab();
    // Two different internal links in the text, with the titles the course gives their targets.
    let targets = goto_and(
        &tab,
        &file_url("index.html"),
        "(() => {
            const previews = JSON.parse(document.getElementById('link-previews').textContent);
            const out = [], seen = new Set();
            for (const a of document.querySelectorAll('main .content p a[href], main .content li a[href]')) {
                const key = Object.keys(previews).find(k => a.href.split('#')[0].endsWith('/' + k));
                if (!key || seen.has(key)) continue;
                seen.add(key);
                a.setAttribute('data-browser-link', String(out.length));
                out.push(previews[key].title);
                if (out.length === 2) break;
            }
            return out;
        })()",
    );
    let titles: Vec<String> = serde_json::from_value(targets).expect("titles");
    assert_eq!(
        titles.len(),
        2,
        "need two internal links in index.html's text"
    );
    let tooltip = "(() => {
        const t = document.querySelector('div.link-preview[role=tooltip]');
        if (!t || t.offsetHeight === 0) return null;
        const a = document.querySelector('[aria-describedby=link-preview]');
        return { title: (t.querySelector('strong') || t).textContent.trim(), text: t.textContent,
                 described: a && a.getAttribute('data-browser-link') };
    })()";

    // Hover with the mouse.
    hover(
        &tab,
        "first link",
        "document.querySelector('[data-browser-link=\"0\"]')",
    );
    let shown = wait_for(&tab, tooltip, "a link preview on hover");
    assert_eq!(
        shown["title"],
        titles[0].as_str(),
        "preview on hover: {shown}"
    );
    assert_eq!(
        shown["described"], "0",
        "the hovered link is not described by the preview"
    );
    assert!(
        shown["text"].as_str().unwrap_or_default().len() > titles[0].len(),
        "the preview has no summary: {shown}"
    );
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "the preview to go when the mouse leaves",
    );

    // Keyboard focus, then Escape.
    js(
        &tab,
        "document.querySelector('[data-browser-link=\"1\"]').focus()",
    );
    let shown = wait_for(&tab, tooltip, "a link preview on focus");
    assert_eq!(
        shown["title"],
        titles[1].as_str(),
        "preview on focus: {shown}"
    );
    assert_eq!(shown["described"], "1");
    tab.press_key("Escape").expect("press Escape");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "Escape to close the preview",
    );
}
