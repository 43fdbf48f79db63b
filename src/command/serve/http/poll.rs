//! The thread that holds connections until their request head is in. In: the listener, the
//! [`Limits`] and the workers' queue. Out: each complete, allowed request queued for a worker
//! (503 when the queue is full), each refused one answered and drained, and no connection held
//! past its deadline or beyond [`Limits::waiting`].

use super::answer::Job;
use super::head::{parse, Refusal, Request};
use super::limits::{Limits, DRAIN_BYTES, DRAIN_TIME};
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const LISTENER: mio::Token = mio::Token(0);
pub const WAKER: mio::Token = mio::Token(1);

/// A connection the poller holds: reading its head, or draining after a refusal.
pub struct Connection {
    stream: mio::net::TcpStream,
    head: Vec<u8>,
    drained: Option<usize>,
    deadline: Instant,
}

pub struct Poller {
    pub poll: mio::Poll,
    pub listener: mio::net::TcpListener,
    /// By token, which only grows: the first is the oldest.
    pub connections: BTreeMap<usize, Connection>,
    pub next_token: usize,
    pub limits: Limits,
    pub hosts: Vec<String>,
    pub jobs: SyncSender<Job>,
    pub stop: Arc<AtomicBool>,
}

impl Poller {
    pub fn run(mut self) {
        let mut events = mio::Events::with_capacity(256);
        loop {
            // At least once a second: a connection the listener could not accept (out of file
            // descriptors) raises no new event.
            let timeout = self
                .connections
                .values()
                .map(|c| c.deadline.saturating_duration_since(Instant::now()))
                .fold(Duration::from_secs(1), Duration::min);
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() != ErrorKind::Interrupted {
                    return;
                }
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            if events.is_empty() {
                self.accept();
            }
            for event in &events {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => {}
                    mio::Token(token) => self.read(token),
                }
            }
            let now = Instant::now();
            self.connections.retain(|_, c| c.deadline > now);
        }
    }

    fn accept(&mut self) {
        loop {
            let mut stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                // Out of file descriptors, or a connection reset before it was accepted.
                Err(_) => return,
            };
            if self.connections.len() >= self.limits.waiting {
                self.connections.pop_first();
            }
            let token = self.next_token;
            self.next_token += 1;
            if self
                .poll
                .registry()
                .register(&mut stream, mio::Token(token), mio::Interest::READABLE)
                .is_ok()
            {
                self.connections.insert(
                    token,
                    Connection {
                        stream,
                        head: Vec::new(),
                        drained: None,
                        deadline: Instant::now() + self.limits.head_time,
                    },
                );
            }
        }
    }

    fn read(&mut self, token: usize) {
        let Some(connection) = self.connections.get_mut(&token) else {
            return;
        };
        let mut chunk = [0u8; 4096];
        let outcome = loop {
            match connection.stream.read(&mut chunk) {
                Ok(0) => break Some(None),
                Ok(n) => match &mut connection.drained {
                    Some(drained) => {
                        *drained += n;
                        if *drained > DRAIN_BYTES {
                            break Some(None);
                        }
                    }
                    None => {
                        let room = self.limits.head_bytes - connection.head.len();
                        connection.head.extend_from_slice(&chunk[..n.min(room)]);
                        if let Some(outcome) = parse(&connection.head, &self.limits, &self.hosts) {
                            break Some(Some(outcome));
                        }
                    }
                },
                Err(e) if e.kind() == ErrorKind::WouldBlock => break None,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break Some(None),
            }
        };
        match outcome {
            // Waiting for more.
            None => {}
            // Closed, failed, or drained enough.
            Some(None) => {
                self.connections.remove(&token);
            }
            Some(Some(Err(refusal))) => self.refuse(token, &refusal),
            Some(Some(Ok(request))) => self.dispatch(token, request),
        }
    }

    fn refuse(&mut self, token: usize, refusal: &Refusal) {
        let Some(connection) = self.connections.get_mut(&token) else {
            return;
        };
        // A refusal is far smaller than a fresh socket's send buffer.
        let sent = connection
            .stream
            .write_all(refusal.response().as_bytes())
            .and_then(|_| connection.stream.shutdown(Shutdown::Write));
        if sent.is_err() {
            self.connections.remove(&token);
            return;
        }
        connection.head = Vec::new();
        connection.drained = Some(0);
        connection.deadline = Instant::now() + DRAIN_TIME;
        // What the client sent after its head may already be waiting, with no new event to come.
        self.read(token);
    }

    fn dispatch(&mut self, token: usize, request: Request) {
        let Some(mut connection) = self.connections.remove(&token) else {
            return;
        };
        let _ = self.poll.registry().deregister(&mut connection.stream);
        let stream = TcpStream::from(connection.stream);
        match self.jobs.try_send((stream, request)) {
            Ok(()) => {}
            Err(TrySendError::Full((mut stream, _))) => {
                let busy = Refusal {
                    status: 503,
                    text: "The preview is busy; try again.\n",
                };
                let _ = stream.write_all(busy.response().as_bytes());
            }
            Err(TrySendError::Disconnected(_)) => {}
        }
    }
}
