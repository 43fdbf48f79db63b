//! The search index as the page reads it, for the integration and browser tests alike (each
//! includes this file with `#[path]`).

/// The JSON a search part's script (`studysiteSearchPart("name","<base64>");`, see
/// src/output/search/script.rs) hands to the page, inflated as site.js inflates it; `None` if
/// the script is not that.
pub fn search_part(js: &str, name: &str) -> Option<String> {
    use base64::Engine as _;
    use std::io::Read as _;
    let base64 = js
        .strip_prefix(&format!("studysiteSearchPart(\"{name}\",\""))?
        .trim_end()
        .strip_suffix("\");")?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .ok()?;
    let mut json = String::new();
    flate2::read::ZlibDecoder::new(&bytes[..])
        .read_to_string(&mut json)
        .ok()?;
    Some(json)
}
