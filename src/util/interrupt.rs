//! What to undo when a command is interrupted (Ctrl-C): a build's staging folder, the old output
//! being removed, temporary files and folders, child processes. An interruption ends the
//! process without running destructors, so a `tempfile::TempDir` alone would be left behind.
//!
//! In: undo actions, registered with [`ON_INTERRUPT`] (or through [`remove_on_interrupt`],
//! [`kill_on_interrupt`], [`Temporary`]) by whoever makes something temporary, for as long as
//! the returned [`Registered`] guard lives: the code that makes a temporary thing owns its
//! cleanup on every path. Out: [`clean_up`], which the binary's Ctrl-C handler calls before it
//! exits: it runs every action still registered, newest first, and any registered later at
//! once. The library never exits.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::Mutex;

type Remover = Box<dyn FnOnce() + Send>;

/// Undo actions waiting for an interruption. The process has one, [`ON_INTERRUPT`].
pub struct Removers(Mutex<Registry>);

struct Registry {
    next: u64,
    waiting: BTreeMap<u64, Remover>,
    interrupted: bool,
}

/// The process's undo actions, run by [`clean_up`].
pub static ON_INTERRUPT: Removers = Removers::new();

impl Removers {
    pub const fn new() -> Removers {
        Removers(Mutex::new(Registry {
            next: 0,
            waiting: BTreeMap::new(),
            interrupted: false,
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `remove` to run on [`Removers::interrupt`] unless the guard is dropped
    /// first; after an interruption it runs at once.
    pub fn register(&self, remove: impl FnOnce() + Send + 'static) -> Registered<'_> {
        let mut registry = self.lock();
        let id = registry.next;
        registry.next += 1;
        if registry.interrupted {
            drop(registry);
            remove();
        } else {
            registry.waiting.insert(id, Box::new(remove));
        }
        Registered(self, id)
    }

    /// Runs every registered remover (each once), newest first. The registry is not locked
    /// while they run, so a remover may wait for work that is registering something.
    pub fn interrupt(&self) {
        let waiting = {
            let mut registry = self.lock();
            registry.interrupted = true;
            std::mem::take(&mut registry.waiting)
        };
        for (_, remove) in waiting.into_iter().rev() {
            remove();
        }
    }
}

impl Default for Removers {
    fn default() -> Self {
        Removers::new()
    }
}

/// Keeps a remover registered; dropping it unregisters the remover without running it.
#[must_use = "the remover is unregistered when this is dropped"]
pub struct Registered<'r>(&'r Removers, u64);

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.0.lock().waiting.remove(&self.1);
    }
}

/// Removes a folder that other threads may still be writing files into (but no longer
/// making folders in): a file written while it is being removed makes one attempt fail.
pub fn remove_dir(path: &std::path::Path) {
    for _ in 0..20 {
        match std::fs::remove_dir_all(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => return,
        }
    }
}

/// Removes `path` (a file, or a folder with all it holds) if the command is interrupted.
pub fn remove_on_interrupt(path: &Path) -> Registered<'static> {
    ON_INTERRUPT.register(remover(path))
}

fn remover(path: &Path) -> impl FnOnce() + Send + 'static {
    let path = path.to_path_buf();
    move || {
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Kills `child` and its process group if the command is interrupted. Registered after the
/// files it writes, it is killed before they are removed (newest first).
pub fn kill_on_interrupt(child: &std::process::Child) -> Registered<'static> {
    let id = child.id();
    ON_INTERRUPT.register(move || kill_id(id))
}

/// A temporary file or folder (`tempfile`'s, removed when dropped) that is also removed if the
/// command is interrupted.
pub struct Temporary<T: AsRef<Path>> {
    // Declared first, so dropped first: removed, then unregistered.
    value: T,
    registered: Registered<'static>,
}

impl<T: AsRef<Path>> Temporary<T> {
    pub fn new(value: T) -> Temporary<T> {
        let registered = remove_on_interrupt(value.as_ref());
        Temporary { value, registered }
    }

    /// The file itself, to keep (say, to rename it), and its registration, to drop once it has
    /// been moved.
    pub fn into_parts(self) -> (T, Registered<'static>) {
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

/// Undoes everything registered. For the Ctrl-C handler, right before the process exits.
pub fn clean_up() {
    ON_INTERRUPT.interrupt();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn removers_run_once_on_interrupt_unless_unregistered() {
        let removers = Removers::new();
        let ran = Arc::new(AtomicUsize::new(0));
        let count = |n: usize| {
            let ran = Arc::clone(&ran);
            move || {
                ran.fetch_add(n, Ordering::SeqCst);
            }
        };
        let kept = removers.register(count(1));
        drop(removers.register(count(10)));
        removers.interrupt();
        assert_eq!(ran.load(Ordering::SeqCst), 1);
        removers.interrupt();
        assert_eq!(ran.load(Ordering::SeqCst), 1, "each runs once");
        drop(kept);
        let _late = removers.register(count(100));
        assert_eq!(
            ran.load(Ordering::SeqCst),
            101,
            "after an interrupt, at once"
        );
    }

    #[test]
    fn what_is_registered_is_removed_until_it_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept");
        let removed = dir.path().join("removed");
        std::fs::create_dir_all(removed.join("inside")).unwrap();
        std::fs::write(&kept, "x").unwrap();
        // A registry of its own: interrupting the process's would end every later test's.
        let removers = Removers::new();
        let done = removers.register(remover(&kept));
        drop(done);
        let _pending = removers.register(remover(&removed));
        removers.interrupt();
        assert!(kept.exists());
        assert!(!removed.exists());
    }
}
