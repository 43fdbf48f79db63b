//! The one table of media types, for the preview server's `Content-Type` (and the browser
//! tests' server), the handout's `data:` URIs and what an `![[embed]]` of a file shows. In: a file's path or extension, in any case.
//! Out: its media type, `application/octet-stream` for what the table does not know.

use std::path::Path;

/// The media type of a file named `path`, by its extension.
pub fn of_path(path: &Path) -> &'static str {
    of_extension(path.extension().and_then(|e| e.to_str()).unwrap_or(""))
}

/// The media type of a file whose name ends in `.extension`.
pub fn of_extension(extension: &str) -> &'static str {
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        // Audio and video that Obsidian embeds as players, and browsers play.
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "flac" => "audio/flac",
        "3gp" => "audio/3gpp",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_found_by_extension_in_any_case() {
        assert_eq!(of_path(Path::new("a/b.PNG")), "image/png");
        assert_eq!(of_extension("svg"), "image/svg+xml");
        assert_eq!(of_path(Path::new("index.html")), "text/html; charset=utf-8");
        assert_eq!(of_path(Path::new("Makefile")), "application/octet-stream");
    }
}
