//! What to undo when a command is interrupted (Ctrl-C): temporary files and folders to remove,
//! child processes to stop.
//!
//! In: paths and child processes, registered for as long as they exist. Out: [`clean_up`],
//! which the binary's Ctrl-C handler calls before it exits. An interruption ends the process
//! without running destructors, so a `tempfile::TempDir` alone would be left behind; registered
//! here as well, it is removed either way. A registration lasts as long as the [`Registered`]
//! guard it returns, so the code that makes a temporary file owns its cleanup on every path,
//! and the handler needs to know nothing about what any command made.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

enum Undo {
    Remove(PathBuf),
    /// A child process and its process group (see [`spawn_group`]).
    Kill(u32),
}

static PENDING: Mutex<Vec<(u64, Undo)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

fn pending() -> MutexGuard<'static, Vec<(u64, Undo)>> {
    // A panic elsewhere while the list was held leaves it as usable as before.
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(undo: Undo) -> Registered {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    pending().push((id, undo));
    Registered(id)
}

/// Keeps a registration alive; dropping it unregisters (the work it stood for is done).
#[must_use = "the registration ends when this is dropped"]
pub struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        pending().retain(|(id, _)| *id != self.0);
    }
}

/// Removes `path` (a file, or a folder with all it holds) if the command is interrupted.
pub fn remove_on_interrupt(path: &Path) -> Registered {
    register(Undo::Remove(path.to_path_buf()))
}

/// Kills `child` and its process group if the command is interrupted.
pub fn kill_on_interrupt(child: &std::process::Child) -> Registered {
    register(Undo::Kill(child.id()))
}

/// A temporary file or folder (`tempfile`'s, removed when dropped) that is also removed if the
/// command is interrupted.
pub struct Temporary<T: AsRef<Path>> {
    // Declared first, so dropped first: removed, then unregistered.
    value: T,
    registered: Registered,
}

impl<T: AsRef<Path>> Temporary<T> {
    pub fn new(value: T) -> Temporary<T> {
        let registered = remove_on_interrupt(value.as_ref());
        Temporary { value, registered }
    }

    /// The file itself, to keep (say, to rename it), and its registration, to drop once it has
    /// been moved.
    pub fn into_parts(self) -> (T, Registered) {
        (self.value, self.registered)
    }
}

impl<T: AsRef<Path>> Deref for Temporary<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: AsRef<Path>> DerefMut for Temporary<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// Starts `command` in a process group of its own (on Unix), so that [`kill_group`] reaches
/// every process it starts in turn (Chromium starts several).
pub fn spawn_group(command: &mut std::process::Command) -> std::io::Result<std::process::Child> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    command.spawn()
}

/// Kills a child started by [`spawn_group`], with every process of its group, and waits for it.
pub fn kill_group(child: &mut std::process::Child) {
    kill_id(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

fn kill_id(id: u32) {
    #[cfg(unix)]
    {
        use nix::sys::signal::{killpg, Signal};
        use nix::unistd::Pid;
        if let Ok(id) = i32::try_from(id) {
            let _ = killpg(Pid::from_raw(id), Signal::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = id;
}

/// Undoes everything registered: kills the processes first (so that they stop writing), then
/// removes the files and folders. For the Ctrl-C handler, right before the process exits.
pub fn clean_up() {
    let pending = std::mem::take(&mut *pending());
    for (_, undo) in &pending {
        if let Undo::Kill(id) = undo {
            kill_id(*id);
        }
    }
    for (_, undo) in &pending {
        if let Undo::Remove(path) = undo {
            let _ = if path.is_dir() {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_registered_is_removed_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        let removed = dir.path().join("removed");
        std::fs::create_dir_all(removed.join("inside")).unwrap();
        std::fs::write(&kept, "x").unwrap();
        let done = remove_on_interrupt(&kept);
        drop(done);
        let _pending = remove_on_interrupt(&removed);
        clean_up();
        assert!(kept.exists());
        assert!(!removed.exists());
    }
}
