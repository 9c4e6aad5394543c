//! A small blocking DAP client for tests that drive a real `dlv dap`.
//!
//! - [`DapClient::spawn`] starts `dlv dap --listen 127.0.0.1:0`, reads the
//!   "listening at" line from dlv's stdout to learn the port, and connects.
//!   [`DapClient::connect`] talks to a server someone else started.
//! - Messages use the DAP `Content-Length` framing (the product's one codec,
//!   `dlvbridge::framing`; real dlv on the other end keeps it honest). A
//!   reader thread parses frames off the socket and hands them over a channel, so every wait in
//!   this client has a deadline and nothing can hang a test.
//! - [`DapClient::send_request`] returns the response whose `request_seq`
//!   matches, buffering the events (and unrelated messages) that arrive
//!   meanwhile; [`DapClient::wait_for_event`] consumes buffered events first.
//! - Dropping the client closes the socket and kills the dlv child.
//!
//! Only std and serde_json are used.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead, BufReader};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use dlvbridge::framing;
use serde_json::{Value, json};

/// Default deadline for a request's response.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for `dlv dap` to print its listening address.
pub const SPAWN_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug)]
pub enum DapError {
    /// Spawning dlv or a socket operation failed.
    Io(io::Error),
    /// Nothing suitable arrived before the deadline.
    Timeout(String),
    /// The connection closed (dlv exited or dropped us).
    Closed(String),
    /// A malformed frame or a message of an unexpected shape.
    Protocol(String),
    /// The adapter answered the request with `success: false`.
    ErrorResponse {
        command: String,
        /// The response's `message` (DAP: short, e.g. "Unable to evaluate expression").
        message: String,
        /// `body.error.format` when present (Delve: "<message>: <details>").
        format: Option<String>,
        response: Value,
    },
}

impl DapError {
    /// The most specific human text of the error: for an error response,
    /// `body.error.format` if there is one, else `message`.
    pub fn text(&self) -> String {
        match self {
            DapError::ErrorResponse { message, format, .. } => format.clone().unwrap_or_else(|| message.clone()),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for DapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DapError::Io(e) => write!(f, "io error: {e}"),
            DapError::Timeout(s) => write!(f, "timeout: {s}"),
            DapError::Closed(s) => write!(f, "connection closed: {s}"),
            DapError::Protocol(s) => write!(f, "protocol error: {s}"),
            DapError::ErrorResponse { command, message, format, .. } => match format {
                Some(fm) => write!(f, "{command} failed: {fm}"),
                None => write!(f, "{command} failed: {message}"),
            },
        }
    }
}

impl std::error::Error for DapError {}

impl From<io::Error> for DapError {
    fn from(e: io::Error) -> Self {
        DapError::Io(e)
    }
}

pub type DapResult<T> = Result<T, DapError>;

/// What the reader thread hands over.
enum Incoming {
    Message(Value),
    Closed(String),
}

pub struct DapClient {
    child: Option<Child>,
    writer: TcpStream,
    incoming: Receiver<Incoming>,
    closed: Option<String>,
    next_seq: i64,
    /// Events (and any other unclaimed messages, e.g. reverse requests) in arrival order.
    buffered: VecDeque<Value>,
    /// Responses that arrived for a request nobody is waiting on yet.
    stray_responses: Vec<Value>,
    /// Everything dlv wrote to stdout/stderr (including the debuggee's output when it is not redirected).
    child_output: Arc<Mutex<String>>,
    /// Every message received, for diagnostics (bounded).
    pub transcript: VecDeque<String>,
}

const TRANSCRIPT_LIMIT: usize = 200;

impl DapClient {
    /// Spawns `dlv dap --listen 127.0.0.1:0 [extra_args…]` and connects to it.
    pub fn spawn(dlv: &Path, extra_args: &[&str]) -> DapResult<DapClient> {
        Self::spawn_in(dlv, extra_args, None)
    }

    /// Like [`spawn`](Self::spawn), with dlv's working directory set to `cwd`.
    pub fn spawn_in(dlv: &Path, extra_args: &[&str], cwd: Option<&Path>) -> DapResult<DapClient> {
        let mut cmd = Command::new(dlv);
        cmd.arg("dap").arg("--listen").arg("127.0.0.1:0");
        cmd.args(extra_args);
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| DapError::Io(io::Error::new(e.kind(), format!("cannot start {}: {e}", dlv.display()))))?;
        let output = Arc::new(Mutex::new(String::new()));
        let (line_tx, line_rx) = mpsc::channel::<String>();

        let stdout = child.stdout.take().expect("piped stdout");
        let out_buf = Arc::clone(&output);
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        out_buf.lock().unwrap().push_str(&line);
                        let _ = line_tx.send(line.clone());
                    }
                }
            }
        });
        let stderr = child.stderr.take().expect("piped stderr");
        let err_buf = Arc::clone(&output);
        thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => err_buf.lock().unwrap().push_str(&line),
                }
            }
        });

        let deadline = Instant::now() + SPAWN_TIMEOUT;
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match line_rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(idx) = line.find("listening at:") {
                        break line[idx + "listening at:".len()..].trim().to_string();
                    }
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    let out = output.lock().unwrap().clone();
                    let why = match e {
                        RecvTimeoutError::Timeout => "timed out waiting for",
                        RecvTimeoutError::Disconnected => "dlv exited before printing",
                    };
                    return Err(DapError::Timeout(format!("{why} the 'listening at' line; dlv output:\n{out}")));
                }
            }
        };

        let mut client = match Self::connect_addr(&addr) {
            Ok(c) => c,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        client.child = Some(child);
        client.child_output = output;
        Ok(client)
    }

    /// Connects to a DAP server that is already listening at `addr` (host:port).
    pub fn connect(addr: &str) -> DapResult<DapClient> {
        Self::connect_addr(addr)
    }

    fn connect_addr(addr: &str) -> DapResult<DapClient> {
        let sockaddr =
            addr.to_socket_addrs()?.next().ok_or_else(|| DapError::Protocol(format!("cannot resolve {addr}")))?;
        let stream = TcpStream::connect_timeout(&sockaddr, Duration::from_secs(5))?;
        stream.set_nodelay(true)?;
        stream.set_write_timeout(Some(Duration::from_secs(10)))?;
        let read_half = stream.try_clone()?;
        let (tx, rx) = mpsc::channel::<Incoming>();
        thread::spawn(move || reader_loop(read_half, tx));
        Ok(DapClient {
            child: None,
            writer: stream,
            incoming: rx,
            closed: None,
            next_seq: 1,
            buffered: VecDeque::new(),
            stray_responses: Vec::new(),
            child_output: Arc::new(Mutex::new(String::new())),
            transcript: VecDeque::new(),
        })
    }

    /// What dlv printed on stdout and stderr so far.
    pub fn child_output(&self) -> String {
        self.child_output.lock().unwrap().clone()
    }

    /// Sends any message as is (a `seq` is NOT added). For protocol-level tests.
    pub fn send_raw(&mut self, msg: &Value) -> DapResult<()> {
        let body = serde_json::to_vec(msg).map_err(|e| DapError::Protocol(e.to_string()))?;
        framing::write_frame_blocking(&mut self.writer, &body)?;
        Ok(())
    }

    /// Sends a request without waiting; returns its seq.
    pub fn send_request_async(&mut self, command: &str, arguments: Value) -> DapResult<i64> {
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut msg = json!({"seq": seq, "type": "request", "command": command});
        if !arguments.is_null() {
            msg["arguments"] = arguments;
        }
        self.send_raw(&msg)?;
        Ok(seq)
    }

    /// Sends a request and waits (default timeout) for its response.
    /// An unsuccessful response is returned as [`DapError::ErrorResponse`].
    pub fn send_request(&mut self, command: &str, arguments: Value) -> DapResult<Value> {
        self.send_request_timeout(command, arguments, DEFAULT_REQUEST_TIMEOUT)
    }

    pub fn send_request_timeout(&mut self, command: &str, arguments: Value, timeout: Duration) -> DapResult<Value> {
        let seq = self.send_request_async(command, arguments)?;
        let resp = self.wait_for_response(seq, timeout)?;
        if resp.get("success").and_then(Value::as_bool) == Some(true) {
            Ok(resp)
        } else {
            Err(DapError::ErrorResponse {
                command: command.to_string(),
                message: resp.get("message").and_then(Value::as_str).unwrap_or("").to_string(),
                format: resp.pointer("/body/error/format").and_then(Value::as_str).map(str::to_string),
                response: resp,
            })
        }
    }

    /// Waits for the response to request `seq` (successful or not).
    pub fn wait_for_response(&mut self, seq: i64, timeout: Duration) -> DapResult<Value> {
        if let Some(pos) =
            self.stray_responses.iter().position(|r| r.get("request_seq").and_then(Value::as_i64) == Some(seq))
        {
            return Ok(self.stray_responses.remove(pos));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let msg = self.next_message(deadline, &format!("response to request {seq}"))?;
            if msg.get("type").and_then(Value::as_str) == Some("response") {
                if msg.get("request_seq").and_then(Value::as_i64) == Some(seq) {
                    return Ok(msg);
                }
                self.stray_responses.push(msg);
            } else {
                self.buffered.push_back(msg);
            }
        }
    }

    /// Waits for the next event named `name`, consuming buffered events first.
    /// Other events stay buffered, in order.
    pub fn wait_for_event(&mut self, name: &str, timeout: Duration) -> DapResult<Value> {
        self.wait_for_any_event(&[name], timeout)
    }

    /// Waits for the next event whose name is one of `names`.
    pub fn wait_for_any_event(&mut self, names: &[&str], timeout: Duration) -> DapResult<Value> {
        let is_wanted = |m: &Value| {
            m.get("type").and_then(Value::as_str) == Some("event")
                && m.get("event").and_then(Value::as_str).is_some_and(|e| names.contains(&e))
        };
        if let Some(pos) = self.buffered.iter().position(is_wanted) {
            return Ok(self.buffered.remove(pos).expect("position is valid"));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let msg = self.next_message(deadline, &format!("event {names:?}"))?;
            if is_wanted(&msg) {
                return Ok(msg);
            }
            if msg.get("type").and_then(Value::as_str) == Some("response") {
                self.stray_responses.push(msg);
            } else {
                self.buffered.push_back(msg);
            }
        }
    }

    /// Takes every buffered event (and other unclaimed non-response messages) and
    /// whatever is already waiting on the socket, without blocking.
    pub fn drain_events(&mut self) -> Vec<Value> {
        while let Ok(item) = self.incoming.try_recv() {
            match item {
                Incoming::Message(m) => {
                    self.record(&m);
                    if m.get("type").and_then(Value::as_str) == Some("response") {
                        self.stray_responses.push(m);
                    } else {
                        self.buffered.push_back(m);
                    }
                }
                Incoming::Closed(why) => self.closed = Some(why),
            }
        }
        self.buffered.drain(..).collect()
    }

    /// True once the reader saw the connection close.
    pub fn is_closed(&self) -> bool {
        self.closed.is_some()
    }

    /// Runs `initialize` with the capabilities an editor like VS Code announces.
    pub fn initialize(&mut self) -> DapResult<Value> {
        self.send_request(
            "initialize",
            json!({
                "clientID": "dlvbridge-tests",
                "clientName": "dlvbridge tests",
                "adapterID": "go",
                "locale": "en-us",
                "linesStartAt1": true,
                "columnsStartAt1": true,
                "pathFormat": "path",
                "supportsVariableType": true,
                "supportsVariablePaging": true,
                "supportsRunInTerminalRequest": false,
            }),
        )
    }

    /// Sends `disconnect` (terminating the debuggee), waits briefly, then ends dlv.
    pub fn shutdown(mut self) {
        let _ = self.send_request_timeout("disconnect", json!({"terminateDebuggee": true}), Duration::from_secs(5));
        if let Some(child) = self.child.as_mut() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                thread::sleep(Duration::from_millis(20));
            }
        }
        // Drop does the rest.
    }

    /// The last messages received, one JSON per line, for failure reports.
    pub fn transcript_text(&self) -> String {
        self.transcript.iter().cloned().collect::<Vec<_>>().join("\n")
    }

    fn record(&mut self, m: &Value) {
        if self.transcript.len() >= TRANSCRIPT_LIMIT {
            self.transcript.pop_front();
        }
        self.transcript.push_back(m.to_string());
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> DapResult<Value> {
        if let Some(why) = &self.closed {
            return Err(DapError::Closed(format!("{why} (while waiting for {waiting_for})")));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(Incoming::Message(m)) => {
                self.record(&m);
                Ok(m)
            }
            Ok(Incoming::Closed(why)) => {
                self.closed = Some(why.clone());
                Err(DapError::Closed(format!("{why} (while waiting for {waiting_for})")))
            }
            Err(RecvTimeoutError::Timeout) => Err(DapError::Timeout(format!("no {waiting_for} in time"))),
            Err(RecvTimeoutError::Disconnected) => {
                let why = "reader thread ended".to_string();
                self.closed = Some(why.clone());
                Err(DapError::Closed(format!("{why} (while waiting for {waiting_for})")))
            }
        }
    }
}

impl Drop for DapClient {
    fn drop(&mut self) {
        let _ = self.writer.shutdown(Shutdown::Both);
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Reads `Content-Length` framed messages until EOF or a framing error.
fn reader_loop(stream: TcpStream, tx: mpsc::Sender<Incoming>) {
    let mut reader = BufReader::new(stream);
    loop {
        match read_frame(&mut reader) {
            Ok(Some(body)) => match serde_json::from_slice::<Value>(&body) {
                Ok(v) => {
                    if tx.send(Incoming::Message(v)).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Incoming::Closed(format!("malformed JSON body: {e}")));
                    return;
                }
            },
            Ok(None) => {
                let _ = tx.send(Incoming::Closed("EOF".to_string()));
                return;
            }
            Err(e) => {
                let _ = tx.send(Incoming::Closed(format!("read error: {e}")));
                return;
            }
        }
    }
}

/// Reads one frame's body; `Ok(None)` on a clean EOF before a frame starts.
pub fn read_frame<R: BufRead>(reader: &mut R) -> Result<Option<Vec<u8>>, framing::FrameError> {
    framing::read_frame_blocking(reader, &framing::FrameLimits::default())
}
