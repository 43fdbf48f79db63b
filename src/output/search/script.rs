//! A part of the search index as the file a page loads: a classic script (it loads over
//! `file://`, where `fetch` is blocked) that hands the part's data to the page, deflated.
//!
//! In: a part's name and its data as JSON. Out: `studysiteSearchPart("name","<base64>");`, the
//! base64 of the JSON deflated in zlib's format, which `static/site.js` inflates with the
//! browser's own `DecompressionStream("deflate")` before `JSON.parse`. Notes' text is most of
//! the index and deflates to about a third, so the index is less than half the bytes it would
//! be as plain JSON even after base64's third; and base64 holds no quote, `<` or line break,
//! so nothing a note says can end the string or the script.

use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::io::Write as _;

/// The script handing `json` to the page as the part `name` (a name studysite makes: letters,
/// digits and hex).
pub fn part(name: &str, json: &str) -> String {
    let mut deflated = ZlibEncoder::new(Vec::with_capacity(json.len() / 3), Compression::default());
    // Writing to a Vec cannot fail.
    let _ = deflated.write_all(json.as_bytes());
    let bytes = deflated.finish().unwrap_or_default();
    let base64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("studysiteSearchPart(\"{name}\",\"{base64}\");\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read as _;

    /// The JSON back out of a part, as site.js reads it.
    fn data(script: &str) -> String {
        let base64 = script
            .split('"')
            .nth(3)
            .expect("the data is the second string");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(base64)
            .expect("base64");
        let mut json = String::new();
        ZlibDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .expect("zlib");
        json
    }

    #[test]
    fn a_part_inflates_to_its_json() {
        let json = r#"["Größe ü \" \\ \u2028 text","second"]"#;
        let script = part("d3", json);
        assert!(
            script.starts_with("studysiteSearchPart(\"d3\",\""),
            "{script}"
        );
        assert!(script.ends_with("\");\n"), "{script}");
        assert_eq!(data(&script), json);
    }

    #[test]
    fn hostile_text_cannot_end_the_script() {
        let js = part(
            "d0",
            r#"["a </script><script>alert(1)</script>\"); alert(2); //"]"#,
        );
        let inner = &js["studysiteSearchPart(\"d0\",\"".len()..js.len() - "\");\n".len()];
        assert!(
            inner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{js}"
        );
    }

    #[test]
    fn repeated_text_takes_a_fraction_of_its_bytes() {
        let json = serde_json::to_string(&vec!["the cache keeps the newest pages"; 200]).unwrap();
        assert!(part("d0", &json).len() * 10 < json.len());
    }
}
