//! `handout: auto|always|never` in `site.yaml`: whether `build` writes `handout.html`, and
//! whether pages link to it. (`auto`'s note limit is a unit test of `config`: a site above it
//! takes too long to build here.)

use crate::common::{stderr, TestSite};

fn fixture_with(handout: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}handout: {handout}\n"));
    site
}

#[test]
fn never_writes_no_handout_and_no_page_links_to_one() {
    let site = fixture_with("never");
    site.build();
    assert!(!site.path("public/handout.html").exists());
    // The fixture's home page is a note: the course listing is where the link would be.
    let home = site.page("index.html");
    assert!(!home.texts(".course .note-list > li").is_empty());
    assert!(home.select(".handout-link").is_empty());
    assert!(!site.output("index.html").contains("handout.html"));
    let check = site.run(&["check", "--quiet"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn never_leaves_the_handout_command_working() {
    let site = fixture_with("never");
    let out = site.path("course.html");
    let made = site.run(&[
        "handout",
        "--quiet",
        "--root",
        site.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .contains("handout-note"));
}

#[test]
fn always_and_a_small_site_under_auto_write_it_and_link_to_it() {
    for policy in ["always", "auto"] {
        let site = fixture_with(policy);
        site.build();
        assert!(site.output("handout.html").contains("handout-note"));
        let home = site.page("index.html");
        assert_eq!(
            home.attrs(".handout-link a", "href"),
            ["handout.html"],
            "{policy}"
        );
    }
}

#[test]
fn an_unknown_policy_is_an_error_naming_the_choices() {
    let site = fixture_with("sometimes");
    let out = site.run(&["build", "--quiet"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("site.yaml"), "{err}");
    for choice in ["auto", "always", "never"] {
        assert!(err.contains(choice), "{err}");
    }
}

/// A vault of a few hundred notes with 300 MB of screenshots made a 420 MB handout that took the
/// build many minutes: `auto` leaves the handout out when its images pass the limit.
#[test]
fn auto_leaves_the_handout_out_when_its_images_are_too_many_bytes() {
    let site = fixture_with("auto");
    let limit = studysite::model::config::HandoutPolicy::AUTO_MAX_IMAGE_BYTES;
    let file = std::fs::File::create(site.path("notes/screenshot.png")).unwrap();
    file.set_len(limit + 1).unwrap();
    site.build();
    assert!(!site.path("public/handout.html").exists());
    assert!(site.page("index.html").select(".handout-link").is_empty());
}
