//! Cleanup on Ctrl-C: what the process is in the middle of making (a build's staging folder,
//! the old output being removed) and must not leave behind when it is interrupted. A
//! temporary folder is removed when dropped, and a signal drops nothing.
//!
//! In: removers, registered with [`ON_INTERRUPT`] by whoever makes something temporary, and
//! unregistered when the returned guard is dropped (the work ended and cleaned up after
//! itself). Out: [`Removers::interrupt`], which the CLI's Ctrl-C handler calls before it
//! exits: it runs every remover still registered, and any registered later at once. The
//! library never exits.

use std::collections::BTreeMap;
use std::sync::Mutex;

type Remover = Box<dyn FnOnce() + Send>;

/// Removers waiting for an interruption. The process has one, [`ON_INTERRUPT`].
pub struct Removers(Mutex<Registry>);

struct Registry {
    next: u64,
    waiting: BTreeMap<u64, Remover>,
    interrupted: bool,
}

/// The process's removers, run by the CLI's Ctrl-C handler.
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
}
