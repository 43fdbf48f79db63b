//! Link previews: hovering or focusing an internal link shows the linked note's title and
//! summary, after a delay; the pointer on the preview keeps it (WCAG 1.4.13); moving away or
//! Escape closes it; links in the foot's lists have previews too.

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
        &"(() => {
            const previewOf = PREVIEW_OF;
            const out = [], seen = new Set();
            for (const a of document.querySelectorAll('main .content p a[href], main .content li a[href]')) {
                const preview = previewOf(a);
                if (!preview || seen.has(preview.title)) continue;
                seen.add(preview.title);
                a.setAttribute('data-browser-link', String(out.length));
                out.push(preview.title);
                if (out.length === 2) break;
            }
            return out;
        })()"
            .replace("PREVIEW_OF", &preview_of_js()),
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

    // Hover with the mouse. The page notes when the pointer reaches the link and when the
    // preview appears, so the delay is measured in the page, whatever the load.
    js(
        &tab,
        "(() => {
            const a = document.querySelector('[data-browser-link=\"0\"]');
            a.addEventListener('mouseover', () => { window.__over = window.__over || performance.now(); });
            new MutationObserver(() => {
                if (document.querySelector('.link-preview') && !window.__shown) window.__shown = performance.now();
            }).observe(document.querySelector('main'), { childList: true });
        })()",
    );
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
    let delay = js(&tab, "window.__shown - window.__over").as_f64().unwrap();
    assert!(
        delay >= 250.0,
        "the preview showed {delay} ms after the hover"
    );

    // The pointer moves onto the preview: it stays there, however long.
    // (Straight there, without scrolling: the link moving away from under a still pointer is
    // leaving it too.)
    let at = js(
        &tab,
        "(() => { const r = document.querySelector('.link-preview').getBoundingClientRect();
                  return r.bottom <= innerHeight ? [r.left + r.width / 2, r.top + r.height / 2] : null; })()",
    );
    tab.move_mouse_to_point(Point {
        x: at[0].as_f64().expect("the preview is in view"),
        y: at[1].as_f64().expect("the preview is in view"),
    })
    .expect("move onto the preview");
    std::thread::sleep(std::time::Duration::from_millis(1000));
    assert!(
        js_bool(&tab, "!!document.querySelector('.link-preview')"),
        "the preview went while the pointer was on it"
    );
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "the preview to go when the mouse leaves",
    );

    // Escape dismisses a hovered preview too, with the pointer still on the link.
    hover(
        &tab,
        "first link again",
        "document.querySelector('[data-browser-link=\"0\"]')",
    );
    wait_for(&tab, tooltip, "the preview on hovering again");
    tab.press_key("Escape").expect("press Escape");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "Escape to close a hovered preview",
    );
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");

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

#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn the_foot_lists_links_have_previews() {
    let session = Session::start();
    let tab = session.tab();
    let title = goto_and(
        &tab,
        &file_url(crate::COMPARISON_PAGE),
        "(() => {
            const a = document.querySelector('aside.connections li a');
            return a && a.textContent.trim();
        })()",
    );
    let title = title
        .as_str()
        .expect("a link in the page's foot lists")
        .to_owned();
    hover(
        &tab,
        "a link at the foot",
        "document.querySelector('aside.connections li a')",
    );
    let shown = wait_for(
        &tab,
        "(() => { const t = document.querySelector('div.link-preview[role=tooltip] strong'); return t && t.textContent; })()",
        "a preview on a link at the foot",
    );
    assert_eq!(shown, title.as_str());
}

/// A preview as a student sees it, for a reviewer: at desktop and phone widths, light and
/// dark, in `target/browser-screenshots/preview-*.png`.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn preview_screenshots_at_desktop_and_phone_widths() {
    let session = Session::start();
    let tab = session.tab();
    screenshot_views(&tab, "preview", &file_url(crate::COMPARISON_PAGE), |tab| {
        // Focus shows it at once; the link scrolled to the middle leaves room below.
        js(
                tab,
                "(() => { const a = document.querySelector('main .content p a[href]');
                          a.scrollIntoView({ block: 'center', behavior: 'instant' }); a.focus(); })()",
            );
        wait_for(
            tab,
            "document.querySelector('.link-preview')",
            "a preview on focus",
        );
    });
}

/// The outline's links have previews too, from the part of `note-previews/` that holds their
/// note, which loads only when one is first pointed at (over file://); the current page's own
/// entry has none.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn outline_links_have_previews_from_a_file_loaded_on_first_hover() {
    let session = Session::start();
    let tab = session.tab();
    let before = goto_and(
        &tab,
        &file_url(crate::COMPARISON_PAGE),
        "(() => {
            const a = [...document.querySelectorAll('#outline a[href]')]
                .find(a => !a.hasAttribute('aria-current') && a.getAttribute('href').endsWith('.html')
                    && !document.querySelector('main a[href=\"' + a.getAttribute('href') + '\"]'));
            a.setAttribute('data-browser-link', 'outline');
            return { title: a.textContent.trim(),
                     loaded: [...document.scripts].some(s => /note-previews\\//.test(s.src)) };
        })()",
    );
    assert_eq!(
        before["loaded"], false,
        "a previews part loaded before it was needed"
    );
    hover(
        &tab,
        "an outline link",
        "document.querySelector('[data-browser-link=outline]')",
    );
    let shown = wait_for(
        &tab,
        "(() => { const t = document.querySelector('div.link-preview[role=tooltip] strong');
                  return t && document.querySelector('[aria-describedby=link-preview]') === document.querySelector('[data-browser-link=outline]') && t.textContent; })()",
        "a preview on the outline link",
    );
    assert_eq!(shown, before["title"]);
    tab.move_mouse_to_point(Point { x: 2.0, y: 2.0 })
        .expect("move the mouse away");
    wait_for(
        &tab,
        "!document.querySelector('.link-preview')",
        "the preview to go",
    );
    hover(
        &tab,
        "the current page in the outline",
        "document.querySelector('#outline a[aria-current=page]')",
    );
    std::thread::sleep(std::time::Duration::from_millis(900));
    assert!(
        js_bool(&tab, "!document.querySelector('.link-preview')"),
        "the current page's outline entry shows a preview"
    );
}
