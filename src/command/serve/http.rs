//! The preview's HTTP server, bounded in everything a client controls. In: a port on 127.0.0.1
//! and a [`Handler`]. Out: every request that is a well-formed `GET` or `HEAD` naming this server
//! in its `Host` is answered by the handler on a fixed pool of threads; anything else is refused
//! with its status code, and no client can make the server hold more than [`LIMITS`] allow.
//!
//! Connections waiting for their request head cost no thread: one thread polls them all (mio)
//! and reads each head into a buffer of at most [`Limits::head_bytes`]. A head is parsed with
//! httparse, the parser hyper uses. Every response closes its connection: a preview on the same
//! machine loses nothing without keep-alive, and the server never waits for a second request.

use std::collections::{BTreeMap, VecDeque};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What one client can make the server hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The request line and headers, with their line ends (431 beyond).
    pub head_bytes: usize,
    /// Header lines (431 beyond).
    pub headers: usize,
    /// Time to send the whole head; the connection is closed after it.
    pub head_time: Duration,
    /// Connections being read or drained at once; the oldest is closed for a new one.
    pub waiting: usize,
    /// Threads that answer requests.
    pub workers: usize,
    /// Complete requests waiting for a worker (503 beyond).
    pub queued: usize,
    /// Open event streams; the oldest is closed for a new one.
    pub event_streams: usize,
}

/// Generous for browsers (Chromium sends well under 2 KiB of headers; cookies for 127.0.0.1
/// are the user's own) and small enough that 128 connections hold 2 MiB at most.
pub const LIMITS: Limits = Limits {
    head_bytes: 16 * 1024,
    headers: 64,
    head_time: Duration::from_secs(10),
    waiting: 128,
    workers: 4,
    queued: 32,
    event_streams: 32,
};

/// After a refusal the rest of what the client sends is read and dropped, this much at most and
/// for this long: closing a socket with unread data resets it, and the client would lose the
/// refusal it was meant to read.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// A request that passed every check: `GET` or `HEAD`, for this server.
#[derive(Debug)]
pub struct Request {
    /// The request target, always starting with `/` (query included).
    pub target: String,
    /// `HEAD`: the answer is sent without its body.
    pub head_only: bool,
}

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

    fn add(&self, mut stream: TcpStream) {
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

/// A running server; dropping it stops it.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    waker: Arc<mio::Waker>,
    poller: Option<JoinHandle<()>>,
}

const LISTENER: mio::Token = mio::Token(0);
const WAKER: mio::Token = mio::Token(1);

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
            std::thread::spawn(move || work(&queue, handler.as_ref()));
        }
        let mut poller = Poller {
            poll,
            listener: mio::net::TcpListener::from_std(listener),
            connections: BTreeMap::new(),
            next_token: 2,
            limits,
            hosts: allowed_hosts(port),
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

/// The `Host` values that name this server. Anything else is a page of another site whose name
/// now resolves to 127.0.0.1 (DNS rebinding), or a confused client.
fn allowed_hosts(port: u16) -> Vec<String> {
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    // RFC 9110 7.2: the port may be left out when it is the scheme's default.
    if port == 80 {
        hosts.extend(["127.0.0.1".to_string(), "localhost".to_string()]);
    }
    hosts
}

type Job = (TcpStream, Request);

fn work(queue: &Mutex<Receiver<Job>>, handler: &dyn Handler) {
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

fn head(status: u16, content_type: &str, length: usize, extra: &[(&str, &str)]) -> String {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        reason(status)
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A request refused before any handler sees it.
#[derive(Debug, PartialEq)]
struct Refusal {
    status: u16,
    text: &'static str,
}

impl Refusal {
    fn response(&self) -> String {
        let mut response = head(
            self.status,
            "text/plain; charset=utf-8",
            self.text.len(),
            if self.status == 405 {
                &[("Allow", "GET, HEAD")]
            } else {
                &[]
            },
        );
        response.push_str(self.text);
        response
    }
}

const TOO_LARGE: Refusal = Refusal {
    status: 431,
    text: "Request header fields too large.\n",
};

/// What a complete head allows: the request, or why not.
fn check(
    request: &httparse::Request<'_, '_>,
    hosts: &[String],
) -> std::result::Result<Request, Refusal> {
    let mut host = request
        .headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("host"));
    let (Some(only), None) = (host.next(), host.next()) else {
        return Err(Refusal {
            status: 400,
            text: "Bad request: one Host header is needed.\n",
        });
    };
    let known = std::str::from_utf8(only.value)
        .is_ok_and(|v| hosts.iter().any(|h| h.eq_ignore_ascii_case(v.trim())));
    if !known {
        return Err(Refusal {
            status: 403,
            text: "Forbidden: this preview answers only to 127.0.0.1 and localhost.\n",
        });
    }
    let head_only = match request.method {
        Some("GET") => false,
        Some("HEAD") => true,
        _ => {
            return Err(Refusal {
                status: 405,
                text: "Method not allowed: the preview only reads (GET, HEAD).\n",
            })
        }
    };
    match request.path {
        Some(target) if target.starts_with('/') => Ok(Request {
            target: target.to_string(),
            head_only,
        }),
        _ => Err(Refusal {
            status: 400,
            text: "Bad request: the target must be a path.\n",
        }),
    }
}

/// Reads `buf` as a request head: `None` while incomplete.
fn parse(buf: &[u8], limits: &Limits, hosts: &[String]) -> Option<Result<Request, Refusal>> {
    let mut headers = vec![httparse::EMPTY_HEADER; limits.headers];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(buf) {
        Ok(httparse::Status::Complete(_)) => Some(check(&request, hosts)),
        Ok(httparse::Status::Partial) if buf.len() >= limits.head_bytes => Some(Err(TOO_LARGE)),
        Ok(httparse::Status::Partial) => None,
        Err(httparse::Error::TooManyHeaders) => Some(Err(TOO_LARGE)),
        Err(_) => Some(Err(Refusal {
            status: 400,
            text: "Bad request: not an HTTP/1 request head.\n",
        })),
    }
}

/// A connection the poller holds: reading its head, or draining after a refusal.
struct Connection {
    stream: mio::net::TcpStream,
    head: Vec<u8>,
    drained: Option<usize>,
    deadline: Instant,
}

struct Poller {
    poll: mio::Poll,
    listener: mio::net::TcpListener,
    /// By token, which only grows: the first is the oldest.
    connections: BTreeMap<usize, Connection>,
    next_token: usize,
    limits: Limits,
    hosts: Vec<String>,
    jobs: SyncSender<Job>,
    stop: Arc<AtomicBool>,
}

impl Poller {
    fn run(mut self) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(head: &str) -> Option<Result<Request, Refusal>> {
        parse(head.as_bytes(), &LIMITS, &allowed_hosts(8000))
    }

    fn status(head: &str) -> u16 {
        match parsed(head) {
            Some(Ok(_)) => 200,
            Some(Err(refusal)) => refusal.status,
            None => 0,
        }
    }

    #[test]
    fn only_reads_for_this_host_pass() {
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"),
            200
        );
        assert_eq!(
            status("HEAD /a HTTP/1.1\r\nHOST: LocalHost:8000\r\n\r\n"),
            200
        );
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: evil.example:8000\r\n\r\n"),
            403
        );
        assert_eq!(status("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 403);
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: 127.0.0.1:8001\r\n\r\n"),
            403
        );
        assert_eq!(status("GET / HTTP/1.0\r\n\r\n"), 400);
        assert_eq!(
            status("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nHost: evil.example\r\n\r\n"),
            400
        );
        assert_eq!(
            status("POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"),
            405
        );
        assert_eq!(
            status("GET http://127.0.0.1:8000/ HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"),
            400
        );
        assert_eq!(status("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n"), 0);
        assert!(allowed_hosts(80).contains(&"localhost".to_string()));
    }

    #[test]
    fn heads_past_the_limits_are_too_large() {
        let many = "X: y\r\n".repeat(LIMITS.headers + 1);
        assert_eq!(
            status(&format!(
                "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n{many}\r\n"
            )),
            431
        );
        let long = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(LIMITS.head_bytes));
        assert_eq!(status(&long), 431);
    }

    #[test]
    fn a_refusal_says_what_is_allowed() {
        let response = Refusal {
            status: 405,
            text: "no\n",
        }
        .response();
        assert!(response.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
        assert!(response.contains("\r\nAllow: GET, HEAD\r\n"));
        assert!(response
            .ends_with("Content-Length: 3\r\nConnection: close\r\nAllow: GET, HEAD\r\n\r\nno\n"));
    }
}
