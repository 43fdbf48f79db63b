//! Answering a request on a worker thread. In: a connection whose head was read and the
//! [`Handler`]. Out: the handler's [`Reply`] written to it (then closed), or the connection
//! kept among the [`EventStreams`].

use super::events::EventStreams;
use super::head::{head, Request};
use std::io::Write;
use std::net::TcpStream;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a handler answers.
pub enum Reply {
    Page {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// Keeps the connection open as a `text/event-stream` among `streams`.
    Events(Arc<EventStreams>),
}

pub trait Handler: Send + Sync + 'static {
    fn handle(&self, request: &Request) -> Reply;
}

pub type Job = (TcpStream, Request);

pub fn work(queue: &Mutex<Receiver<Job>>, handler: &dyn Handler) {
    loop {
        let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
        let Ok((stream, request)) = job else { return };
        answer(stream, &request, handler);
    }
}

fn answer(mut stream: TcpStream, request: &Request, handler: &dyn Handler) {
    // A client that stops reading gives up its worker after this long.
    if stream.set_nonblocking(false).is_err()
        || stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .is_err()
    {
        return;
    }
    match handler.handle(request) {
        Reply::Page {
            status,
            content_type,
            body,
        } => {
            let head = head(status, content_type, body.len(), &[]);
            let body: &[u8] = if request.head_only { &[] } else { &body };
            // The client may have gone away; nothing to do about it.
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(body));
        }
        Reply::Events(_) if request.head_only => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n",
            );
        }
        Reply::Events(streams) => streams.add(stream),
    }
}
