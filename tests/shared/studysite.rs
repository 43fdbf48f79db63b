//! The studysite binary as the tests run it.

use std::process::Command;

/// The built binary, its highlight cache in the target folder: a test's site must never leave
/// a folder in the user's own cache (`~/.cache/studysite`).
pub fn studysite_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_studysite"));
    command.env(
        "STUDYSITE_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/highlight-cache"),
    );
    command
}
