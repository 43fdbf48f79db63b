//! The Server-Sent Events streams that tell open pages to reload. In: connections the handler
//! answered with [`super::answer::Reply::Events`]. Out: every message written to all of them,
//! without ever blocking on one.

use std::collections::VecDeque;
use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;

/// The open Server-Sent Events streams; messages go to all of them.
pub struct EventStreams {
    streams: Mutex<VecDeque<TcpStream>>,
    limit: usize,
}

impl EventStreams {
    pub fn new(limit: usize) -> EventStreams {
        EventStreams {
            streams: Mutex::new(VecDeque::new()),
            limit,
        }
    }

    /// Sends `data: {data}` to every stream.
    pub fn send(&self, data: &str) {
        self.write(&format!("data: {data}\n\n"));
    }

    /// A comment line: finds out which pages have gone.
    pub fn ping(&self) {
        self.write(": ping\n\n");
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<TcpStream>> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Streams do not block: one whose page stopped reading fills its buffer and is dropped,
    /// instead of stalling the others.
    fn write(&self, message: &str) {
        self.lock()
            .retain_mut(|s| s.write_all(message.as_bytes()).is_ok());
    }

    pub fn add(&self, mut stream: TcpStream) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n: connected\n\n";
        let mut streams = self.lock();
        // Under the lock, so no message can come before the head.
        if stream.set_nonblocking(true).is_err() || stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        streams.push_back(stream);
        if streams.len() > self.limit {
            streams.pop_front();
        }
    }
}
