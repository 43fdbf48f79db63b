//! Code blocks in the browser: each gets a Copy button (site.js) that puts the code's text on
//! the clipboard and says so.

use crate::support::*;
use serde_json::json;

/// The button copies the code as text, without its highlighting markup, tells the reader (on
/// the button and in a live region), and every code block has one; paper has none.
#[test]
#[cfg_attr(no_chromium, ignore = "needs chromium")]
fn a_code_blocks_copy_button_copies_its_text() {
    let session = Session::start();
    let tab = session.tab();
    session.grant_clipboard(&tab);
    let page = goto_and(
        &tab,
        &file_url("code/languages.html"),
        "(() => {
            const button = document.querySelector('.code-block .copy-code');
            return {
                name: button.getAttribute('aria-label'),
                code: button.closest('.code-block').querySelector('pre.code code').textContent,
                blocks: document.querySelectorAll('pre.code').length,
                buttons: document.querySelectorAll('.code-block > .copy-code').length,
            };
        })()",
    );
    assert!(page["blocks"].as_u64().unwrap() >= 8, "{page}");
    assert_eq!(page["blocks"], page["buttons"], "{page}");
    assert!(
        page["name"].as_str().unwrap().starts_with("Copy code ("),
        "{page}"
    );
    click(
        &tab,
        "the first code block's Copy button",
        "document.querySelector('.copy-code')",
    );
    let said = wait_for(
        &tab,
        "document.querySelector('.copy-code').textContent !== 'Copy'
            && [document.querySelector('.copy-code').textContent,
                document.querySelector('.copy-status[role=status]').textContent]",
        "the button to say what it did",
    );
    assert_eq!(said, json!(["Copied", "Code copied to the clipboard"]));
    let copied = js(&tab, "navigator.clipboard.readText()");
    assert_eq!(copied, page["code"]);
    assert!(!copied.as_str().unwrap().contains("<span"), "{copied}");
    // Printed, the page shows no button.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: Some("print".to_owned()),
            features: None,
        },
    )
    .expect("emulate print media");
    assert_eq!(
        js(
            &tab,
            "getComputedStyle(document.querySelector('.copy-code')).display"
        ),
        "none"
    );
}
