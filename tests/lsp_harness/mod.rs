//! An LSP client for tests: the server runs in this process over in-memory
//! streams (`dlvbridge::lsp::serve`), the client speaks JSON-RPC with
//! `Content-Length` frames like an editor. Every wait has a deadline, so a
//! hang fails the test instead of stalling it. Renderers turn answers into
//! short text for expect-test snapshots.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{mpsc, oneshot};

pub const DEADLINE: Duration = Duration::from_secs(30);

/// The repository's fixture program for the LSP tests.
pub fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp/orders/main.go")
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

pub fn condition_uri(path: &Path, line: u32, kind: &str) -> String {
    format!("go-breakpoint://{}?line={line}&kind={kind}", path.display()).replace(' ', "%20")
}

type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

pub struct Client {
    writer: WriteHalf<DuplexStream>,
    pending: Pending,
    notifications: mpsc::UnboundedReceiver<Value>,
    /// Notifications read while waiting for another one.
    seen: Vec<Value>,
    next_id: i64,
    pub server: tokio::task::JoinHandle<()>,
}

/// Runs `f` on a fresh multi-threaded runtime.
pub fn run<F: std::future::Future<Output = ()>>(f: F) {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap().block_on(f)
}

impl Client {
    /// A server in this process with `options`, not yet initialized.
    pub fn start(options: dlvbridge::lsp::Options) -> Client {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server_side);
        let server = tokio::spawn(dlvbridge::lsp::serve(server_in, server_out, options));
        let (reader, writer) = tokio::io::split(client_side);
        let pending: Pending = Arc::default();
        let (note_tx, notifications) = mpsc::unbounded_channel();
        let routes = pending.clone();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            let limits = dlvbridge::framing::FrameLimits::default();
            while let Ok(Some(body)) = dlvbridge::framing::read_frame(&mut reader, &limits).await {
                let msg: Value = serde_json::from_slice(&body).expect("the server sent invalid JSON");
                let is_response = msg.get("method").is_none();
                if is_response {
                    let id = msg["id"].as_i64().unwrap_or(-1);
                    if let Some(tx) = routes.lock().unwrap().remove(&id) {
                        let _ = tx.send(msg);
                    }
                } else {
                    let _ = note_tx.send(msg);
                }
            }
        });
        Client { writer, pending, notifications, seen: Vec::new(), next_id: 1, server }
    }

    /// A server initialized with `root` as its workspace and `init_options`.
    pub async fn initialized(root: &Path, init_options: Value, options: dlvbridge::lsp::Options) -> Client {
        let mut c = Client::start(options);
        let r = c.request("initialize", c.initialize_params(root, init_options)).await;
        assert!(r.get("result").is_some(), "initialize failed: {r}");
        c.notify("initialized", json!({})).await;
        c
    }

    pub fn initialize_params(&self, root: &Path, init_options: Value) -> Value {
        json!({
            "processId": null,
            "rootUri": file_uri(root),
            "workspaceFolders": [{"uri": file_uri(root), "name": "ws"}],
            "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": false}}}},
            "initializationOptions": init_options,
        })
    }

    pub async fn send(&mut self, msg: Value) {
        let body = serde_json::to_vec(&msg).unwrap();
        let frame = [format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(), body].concat();
        self.writer.write_all(&frame).await.expect("the server closed its input");
        self.writer.flush().await.unwrap();
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        tokio::time::timeout(DEADLINE, rx)
            .await
            .unwrap_or_else(|_| panic!("no answer to {method} within {DEADLINE:?}"))
            .expect("the connection closed")
    }

    pub async fn result(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params).await;
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// A completion answer as a client settles on it: asked again while
    /// the server says it is incomplete (the packages the file imports
    /// still loading), as an editor does while the user types.
    pub async fn complete(&mut self, params: Value) -> Value {
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            let r = self.result("textDocument/completion", params.clone()).await;
            if r["isIncomplete"] != true {
                return r;
            }
            assert!(tokio::time::Instant::now() < deadline, "completion still incomplete after {DEADLINE:?}: {r}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    pub async fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        let doc = json!({"uri": uri, "languageId": language, "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": doc})).await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, text: &str) {
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]});
        self.notify("textDocument/didChange", params).await;
    }

    /// The next notification that `pred` accepts (earlier ones are kept).
    pub async fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&pred) {
            return self.seen.remove(i);
        }
        let deadline = tokio::time::Instant::now() + DEADLINE;
        loop {
            match tokio::time::timeout_at(deadline, self.notifications.recv()).await {
                Ok(Some(n)) if pred(&n) => return n,
                Ok(Some(n)) => self.seen.push(n),
                Ok(None) => panic!("the connection closed while waiting for {what}"),
                Err(_) => panic!("no {what} within {DEADLINE:?}; seen: {:#?}", self.seen),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`: condition documents
    /// carry their version; Go files' breakpoint diagnostics and the clearing
    /// at close carry none.
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let uri = uri.to_string();
        self.wait_for(&format!("diagnostics for {uri} v{version:?}"), |n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == uri.as_str()
                && n["params"]["version"].as_i64() == version
        })
        .await["params"]["diagnostics"]
            .clone()
    }

    /// Forgets the notifications received so far, so that a later
    /// [`wait_for`](Self::wait_for) sees only newer ones.
    pub fn discard_notifications(&mut self) {
        self.seen.clear();
        while self.notifications.try_recv().is_ok() {}
    }

    /// The notifications that arrive within the next moment (not those
    /// received earlier and kept aside).
    pub async fn later(&mut self) -> Vec<Value> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut out = Vec::new();
        while let Ok(n) = self.notifications.try_recv() {
            out.push(n);
        }
        out
    }

    pub async fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null).await;
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null).await;
        tokio::time::timeout(DEADLINE, self.server).await.expect("the server did not stop after exit").unwrap();
    }
}

pub fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

pub fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": pos(line, character)})
}

fn range(r: &Value) -> String {
    format!("{}:{}-{}:{}", r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
}

/// One line per diagnostic: `RANGE severity code: message`.
pub fn render_diagnostics(diags: &Value) -> String {
    let severity = |s: &Value| match s.as_i64() {
        Some(1) => "error",
        Some(2) => "warning",
        _ => "other",
    };
    let lines: Vec<String> = diags
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}: {}",
                range(&d["range"]),
                severity(&d["severity"]),
                d["code"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    if lines.is_empty() { "(none)\n".to_string() } else { lines.join("\n") + "\n" }
}

/// One line per item: `label  detail  [filter]  edit or insert`.
pub fn render_completion(result: &Value, limit: usize) -> String {
    if result.is_null() {
        return "null\n".to_string();
    }
    let items = result["items"].as_array().or(result.as_array()).expect("completion items");
    let mut out: Vec<String> = items
        .iter()
        .take(limit)
        .map(|i| {
            let mut s = format!("{}  {}", i["label"].as_str().unwrap(), i["detail"].as_str().unwrap_or("-"));
            if i["filterText"].as_str().is_some_and(|f| f != i["label"]) {
                s += &format!("  filter={}", i["filterText"].as_str().unwrap());
            }
            if let Some(e) = i.get("textEdit") {
                s += &format!("  edit {}={:?}", range(&e["range"]), e["newText"].as_str().unwrap());
            } else if let Some(t) = i["insertText"].as_str().filter(|t| *t != i["label"]) {
                s += &format!("  insert={t:?}");
            }
            s
        })
        .collect();
    if items.len() > limit {
        out.push(format!("… {} items in all", items.len()));
    }
    if out.is_empty() { "(no items)\n".to_string() } else { out.join("\n") + "\n" }
}

/// The error of a response as `code: message`.
pub fn render_error(response: &Value) -> String {
    match response.get("error") {
        Some(e) => format!("{}: {}", e["code"], e["message"].as_str().unwrap_or("")),
        None => format!("no error: {}", response["result"]),
    }
}

/// Builds the fixture program for debugging (`-gcflags=all=-N -l`) into
/// `out`, with `extra` flags (such as `-trimpath`); panics with go's output
/// when the build fails.
pub fn build_fixture(out: &Path, extra: &[&str]) {
    let dir = fixture().parent().unwrap().to_path_buf();
    let mut cmd = std::process::Command::new("go");
    cmd.current_dir(&dir).args(["build", "-o"]).arg(out).arg("-gcflags=all=-N -l").args(extra).arg(".");
    cmd.env("GOFLAGS", "-mod=mod").env("GOWORK", "off");
    let output = cmd.output().expect("go is needed to build the fixture");
    assert!(output.status.success(), "go build failed: {}", String::from_utf8_lossy(&output.stderr));
}

/// A DAP client over any pair of streams (the endpoint's socket, a child's
/// stdio); every wait has a deadline.
pub struct Dap<R, W> {
    reader: BufReader<R>,
    writer: W,
    seq: i64,
    /// Events read while waiting for something else.
    pub events: Vec<Value>,
}

impl<R: tokio::io::AsyncRead + Unpin, W: tokio::io::AsyncWrite + Unpin> Dap<R, W> {
    pub fn new(reader: R, writer: W) -> Self {
        Dap { reader: BufReader::new(reader), writer, seq: 0, events: Vec::new() }
    }

    async fn read(&mut self) -> Value {
        let limits = dlvbridge::framing::FrameLimits::default();
        let frame = tokio::time::timeout(DEADLINE, dlvbridge::framing::read_frame(&mut self.reader, &limits))
            .await
            .expect("no DAP message within the deadline")
            .expect("a malformed DAP frame")
            .expect("the DAP connection closed");
        serde_json::from_slice(&frame).unwrap()
    }

    /// Sends a request and returns its response (whatever its `success`).
    pub async fn request(&mut self, command: &str, arguments: Value) -> Value {
        self.seq += 1;
        let seq = self.seq;
        let body =
            serde_json::to_vec(&json!({"seq": seq, "type": "request", "command": command, "arguments": arguments}))
                .unwrap();
        let frame = [format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(), body].concat();
        self.writer.write_all(&frame).await.unwrap();
        self.writer.flush().await.unwrap();
        loop {
            let m = self.read().await;
            if m["type"] == "response" && m["request_seq"] == seq {
                return m;
            }
            if m["type"] == "event" {
                self.events.push(m);
            }
        }
    }

    pub async fn event(&mut self, name: &str) -> Value {
        if let Some(i) = self.events.iter().position(|e| e["event"] == name) {
            return self.events.remove(i);
        }
        loop {
            let m = self.read().await;
            if m["type"] == "event" && m["event"] == name {
                return m;
            }
            if m["type"] == "event" {
                self.events.push(m);
            }
        }
    }
}

/// Where dlv is, or a panic saying how to install it (never a skip).
pub fn dlv() -> PathBuf {
    if let Some(p) = std::env::var_os("DLV_PATH").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/dlv");
    if local.is_file() {
        return local;
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|d| d.join("dlv")).find(|p| p.is_file()))
        .expect("dlv not found: run scripts/install-deps (it installs dlv 1.27.2 into .tools/bin)")
}
