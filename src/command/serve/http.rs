//! The preview's HTTP server, bounded in everything a client controls. In: a port on 127.0.0.1
//! and a [`Handler`]. Out: every request that is a well-formed `GET` or `HEAD` naming this server
//! in its `Host` is answered by the handler on a fixed pool of threads; anything else is refused
//! with its status code, and no client can make the server hold more than [`LIMITS`] allow.
//!
//! Connections waiting for their request head cost no thread: one thread polls them all (mio)
//! and reads each head into a buffer of at most [`Limits::head_bytes`]. A head is parsed with
//! httparse, the parser hyper uses. Every response closes its connection: a preview on the same
//! machine loses nothing without keep-alive, and the server never waits for a second request.
//!
//! The pieces, each by its job: [`limits`] (what a client can make it hold), [`head`] (reading
//! and checking a request head), [`poll`] (connections until their head is in), [`answer`]
//! (the handler's reply, on a worker) and [`events`] (the reload streams).

mod answer;
mod events;
mod head;
mod limits;
mod poll;

pub use answer::{Handler, Reply};
pub use events::EventStreams;
pub use head::Request;
pub use limits::{Limits, LIMITS};

use poll::{Poller, LISTENER, WAKER};
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A running server; dropping it stops it.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    waker: Arc<mio::Waker>,
    poller: Option<JoinHandle<()>>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port) and starts answering.
    pub fn start(port: u16, limits: Limits, handler: Arc<dyn Handler>) -> io::Result<Server> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let poll = mio::Poll::new()?;
        let waker = Arc::new(mio::Waker::new(poll.registry(), WAKER)?);
        let stop = Arc::new(AtomicBool::new(false));
        let (jobs, queue) = mpsc::sync_channel(limits.queued);
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..limits.workers {
            let queue = Arc::clone(&queue);
            let handler = Arc::clone(&handler);
            std::thread::spawn(move || answer::work(&queue, handler.as_ref()));
        }
        let mut poller = Poller {
            poll,
            listener: mio::net::TcpListener::from_std(listener),
            connections: BTreeMap::new(),
            next_token: 2,
            limits,
            hosts: head::allowed_hosts(port),
            jobs,
            stop: Arc::clone(&stop),
        };
        poller
            .poll
            .registry()
            .register(&mut poller.listener, LISTENER, mio::Interest::READABLE)?;
        let poller = std::thread::spawn(move || poller.run());
        Ok(Server {
            port,
            stop,
            waker,
            poller: Some(poller),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if self.waker.wake().is_ok() {
            if let Some(poller) = self.poller.take() {
                let _ = poller.join();
            }
        }
    }
}
