//! `studysite serve` against hostile clients: pages of other sites (DNS rebinding), methods that
//! are not reads, oversized heads, and more connections than it has threads. Raw TCP, so each
//! test can send exactly the request a browser never would.

use crate::common::{studysite_command, TestSite};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

/// `studysite serve --port 0` on a copy of the basic fixture, as a child process so that its
/// threads can be counted apart from the test's.
struct Served {
    child: Child,
    port: u16,
    _site: TestSite,
}

impl Served {
    fn start() -> Served {
        let site = TestSite::fixture("basic");
        let mut child = studysite_command()
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start studysite serve");
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut port = None;
        for line in stderr.lines() {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                port = rest.split('/').next().and_then(|p| p.parse().ok());
                break;
            }
        }
        Served {
            child,
            port: port.expect("the server says where it serves"),
            _site: site,
        }
    }

    fn threads(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/task", self.child.id()))
            .expect("/proc/PID/task")
            .count()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response as sent: status, head (lower-cased names) and body.
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `request` as it is and reads the whole response.
fn send(port: u16, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    read_response(stream)
}

fn read_response(mut stream: TcpStream) -> Response {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a response");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    Response {
        status: head[9..12].parse().unwrap(),
        head,
        body: raw[end + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Response {
    send(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    )
}

#[test]
fn only_this_servers_host_is_answered() {
    let served = Served::start();
    let port = served.port;
    assert_eq!(get(port, "/").status, 200);
    let local = send(
        port,
        format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes(),
    );
    assert_eq!(local.status, 200);
    // A page of evil.example whose name now resolves to 127.0.0.1 sends its own name.
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        let response = send(
            port,
            format!("GET /compute/vms.html HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(response.status, 403, "{host}");
        assert!(
            !String::from_utf8_lossy(&response.body).contains("<html"),
            "{host}: a page was served"
        );
    }
    let no_host = send(port, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 400);
}

#[test]
fn only_get_and_head_are_answered() {
    let served = Served::start();
    let port = served.port;
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let response = send(
            port,
            format!("{method} /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n\r\nhello").as_bytes(),
        );
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let page = get(port, "/compute/vms.html");
    let head = send(
        port,
        format!("HEAD /compute/vms.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sent a body");
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );
    assert_eq!(head.header("content-type"), page.header("content-type"));
}

#[test]
fn oversized_request_heads_are_refused() {
    let served = Served::start();
    let port = served.port;
    // One megabyte of header: read up to the limit, refused, and the rest dropped unread.
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        let head = format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: {}\r\n\r\n",
            "a".repeat(1 << 20)
        );
        // The server may close before all of it is sent.
        let _ = writer.write_all(head.as_bytes());
    });
    let response = read_response(stream);
    sending.join().unwrap();
    assert_eq!(response.status, 431);

    let many: String = (0..200).map(|i| format!("X-{i}: y\r\n")).collect();
    let response = send(
        port,
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{many}\r\n").as_bytes(),
    );
    assert_eq!(response.status, 431);
    assert_eq!(get(port, "/").status, 200, "still serving");
}

#[test]
fn idle_connections_take_no_threads() {
    let served = Served::start();
    let port = served.port;
    assert_eq!(get(port, "/").status, 200);
    let before = served.threads();
    // Connections that never finish their head, and pages waiting for reload events.
    let mut idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    // (The newest: past 128 waiting connections the oldest are closed for new ones.)
    for stream in idle.iter_mut().rev().take(50) {
        write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").unwrap();
    }
    for _ in 0..20 {
        let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            events,
            "GET /__studysite/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        let mut line = String::new();
        BufReader::new(events.try_clone().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "HTTP/1.1 200 OK\r\n");
        idle.push(events);
    }
    let page = get(port, "/compute/vms.html");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("<html"));
    let during = served.threads();
    assert!(
        during <= before + 1,
        "{before} threads before, {during} with 220 open connections"
    );
}
