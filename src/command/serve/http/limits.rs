//! What one client can make the preview's server hold. In: nothing. Out: the [`Limits`] the
//! server is started with, and how long and how much it drains after a refusal.

use std::time::Duration;

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
pub const DRAIN_BYTES: usize = 4 * 1024 * 1024;
pub const DRAIN_TIME: Duration = Duration::from_secs(2);
