//! A request head read and checked. In: the bytes a client sent, the [`Limits`] and the `Host`
//! values that name this server. Out: a [`Request`] (a well-formed `GET` or `HEAD` for this
//! server), or the [`Refusal`] to send back, with the response heads the server writes.

use super::limits::Limits;
#[cfg(test)]
use super::limits::LIMITS;

/// A request that passed every check: `GET` or `HEAD`, for this server.
#[derive(Debug)]
pub struct Request {
    /// The request target, always starting with `/` (query included).
    pub target: String,
    /// `HEAD`: the answer is sent without its body.
    pub head_only: bool,
}

/// The `Host` values that name this server. Anything else is a page of another site whose name
/// now resolves to 127.0.0.1 (DNS rebinding), or a confused client.
pub fn allowed_hosts(port: u16) -> Vec<String> {
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    // RFC 9110 7.2: the port may be left out when it is the scheme's default.
    if port == 80 {
        hosts.extend(["127.0.0.1".to_string(), "localhost".to_string()]);
    }
    hosts
}

pub fn head(status: u16, content_type: &str, length: usize, extra: &[(&str, &str)]) -> String {
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
pub struct Refusal {
    pub status: u16,
    pub text: &'static str,
}

impl Refusal {
    pub fn response(&self) -> String {
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

pub const TOO_LARGE: Refusal = Refusal {
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
pub fn parse(buf: &[u8], limits: &Limits, hosts: &[String]) -> Option<Result<Request, Refusal>> {
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
