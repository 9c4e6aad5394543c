//! The bridge embedded in a process, as the LSP server will run it: `serve`
//! over in-memory streams, one session and then two at once against real
//! `dlv dap`, each reporting to its own event sink. What a session reports
//! (its scopes, the breakpoints as set, the stop with a handle to Delve)
//! is enough to build the stopped frame's scope exactly as the debug
//! console does, and the handle dies when the program runs on.

mod dap_bridge_harness;
mod support;

use std::path::Path;
use std::time::Duration;

use dap_bridge_harness::{fixture_app, marker_line};
use dlvbridge::dap_bridge::delve::{DelveError, Scopes as DelveScopes, ScopesArguments};
use dlvbridge::dap_bridge::events::Stopped;
use dlvbridge::dap_bridge::live_scope::{dotted_chain, frame_scope};
use dlvbridge::dap_bridge::{self, Config, EventSink, SessionEvent};
use dlvbridge::framing::{self, FrameLimits};
use serde_json::{Value, json};
use tokio::io::{AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(30);

/// The editor's side of one in-memory DAP connection.
struct Editor {
    write: WriteHalf<DuplexStream>,
    incoming: mpsc::UnboundedReceiver<Value>,
    seq: i64,
    events: Vec<Value>,
}

impl Editor {
    /// Starts a session served by `serve` in this process.
    fn start(dlv: &Path, events: EventSink) -> (Editor, tokio::task::JoinHandle<anyhow::Result<()>>) {
        let (editor, bridge) = tokio::io::duplex(1 << 20);
        let (bridge_read, bridge_write) = tokio::io::split(bridge);
        let config = Config { dlv: Some(dlv.to_path_buf()), events: Some(events), ..Config::default() };
        let served = tokio::spawn(dap_bridge::serve(bridge_read, bridge_write, config));
        let (read, write) = tokio::io::split(editor);
        let (tx, incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut read = BufReader::new(read);
            while let Ok(Some(body)) = framing::read_frame(&mut read, &FrameLimits::default()).await {
                if tx.send(serde_json::from_slice(&body).expect("JSON from the bridge")).is_err() {
                    return;
                }
            }
        });
        (Editor { write, incoming, seq: 0, events: Vec::new() }, served)
    }

    async fn next(&mut self) -> Value {
        tokio::time::timeout(WAIT, self.incoming.recv()).await.expect("a message in time").expect("the bridge is there")
    }

    async fn request(&mut self, command: &str, arguments: Value) -> Value {
        self.seq += 1;
        let m = json!({"seq": self.seq, "type": "request", "command": command, "arguments": arguments});
        framing::write_frame(&mut self.write, m.to_string().as_bytes()).await.unwrap();
        self.write.flush().await.unwrap();
        loop {
            let m = self.next().await;
            if m["type"] == "response" && m["request_seq"] == self.seq {
                assert_eq!(m["success"], true, "{command}: {m}");
                return m;
            }
            self.events.push(m);
        }
    }

    async fn event(&mut self, name: &str) -> Value {
        if let Some(i) = self.events.iter().position(|e| e["event"] == name) {
            return self.events.remove(i);
        }
        loop {
            let m = self.next().await;
            if m["event"] == name {
                return m;
            }
            self.events.push(m);
        }
    }
}

async fn heard(rx: &mut mpsc::UnboundedReceiver<SessionEvent>) -> SessionEvent {
    tokio::time::timeout(WAIT, rx.recv()).await.expect("an event in time").expect("the session reports")
}

/// One whole session, checked at each step through its event sink.
async fn session(dlv: std::path::PathBuf) {
    let (sink, mut reports) = EventSink::channel();
    let (mut editor, served) = Editor::start(&dlv, sink);
    let (src, bin) = fixture_app();
    let main_go = src.join("main.go");
    let line = marker_line("describe");
    editor.request("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true})).await;
    editor.request("launch", json!({"mode": "exec", "program": bin})).await;
    editor.event("initialized").await;

    // The scopes come from the binary's debug info.
    let SessionEvent::Scopes(scopes) = heard(&mut reports).await else { panic!("scopes first") };
    assert!(scopes.binary().is_some(), "the launched program's debug info");

    let bps = json!([{"line": line, "condition": "usr > 1"}, {"line": line + 1, "hitCondition": "1"}]);
    editor.request("setBreakpoints", json!({"source": {"path": main_go}, "breakpoints": bps})).await;
    let SessionEvent::Breakpoints { path, breakpoints } = heard(&mut reports).await else { panic!("breakpoints") };
    assert_eq!(Path::new(&path), main_go);
    assert_eq!(breakpoints.len(), 2);
    assert_eq!((breakpoints[0].line, breakpoints[0].condition.as_deref()), (Some(line), Some("usr > 1")));
    assert!(breakpoints[0].message.as_deref().unwrap().contains("undefined: `usr`"), "{breakpoints:?}");
    assert!(breakpoints[0].verified, "default mode: Delve has it");
    assert_eq!((breakpoints[1].hit_condition.as_deref(), breakpoints[1].message.as_deref()), (Some("1"), None));

    editor.request("configurationDone", json!({})).await;
    editor.event("stopped").await;
    let SessionEvent::Stopped(stopped) = heard(&mut reports).await else { panic!("stopped") };
    let Stopped { frame, function, delve, reason, .. } = &stopped;
    // `usr > 1` fails at the hit: Delve stops with an exception.
    assert_eq!((function.as_str(), frame.line as i64), ("main.describe", line), "{reason}");
    assert_eq!(frame.path.as_deref().map(Path::new), Some(main_go.as_path()));

    // The frame's scope, as the console builds it: Delve's variables and
    // types, the package from the debug info.
    let text = "u.";
    let chain = dotted_chain(text, text.len());
    let scope = frame_scope(delve, &scopes, frame, &chain).await.expect("the stopped frame's scope");
    let locals: Vec<&str> = scope.locals.iter().map(|v| v.name.as_str()).collect();
    for want in ["u", "round", "total"] {
        assert!(locals.contains(&want), "{want} in {locals:?}");
    }
    let members: Vec<String> =
        dlvbridge::expr::complete(text, text.len(), &scope).items.into_iter().map(|i| i.label).collect();
    for want in ["Name", "Age", "Address"] {
        assert!(members.contains(&want.to_string()), "{want} in {members:?}");
    }

    editor.request("continue", json!({"threadId": 1})).await;
    assert!(matches!(heard(&mut reports).await, SessionEvent::Continued));
    let stale = delve.call::<DelveScopes>(ScopesArguments { frame_id: frame.id }).await;
    assert_eq!(stale.unwrap_err(), DelveError::Resumed);

    editor.request("disconnect", json!({"terminateDebuggee": true})).await;
    drop(editor);
    tokio::time::timeout(WAIT, served).await.expect("serve ends").unwrap().expect("serve succeeds");
    loop {
        // What else was reported, then the end.
        match heard(&mut reports).await {
            SessionEvent::Ended => break,
            SessionEvent::Stopped(_) | SessionEvent::Continued => {}
            other => panic!("after disconnect: {other:?}"),
        }
    }
}

#[test]
fn sessions_in_one_process_one_after_another_and_at_once() {
    let dlv = support::require_dlv("sessions_in_one_process");
    fixture_app();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        session(dlv.clone()).await;
        let (a, b) = (tokio::spawn(session(dlv.clone())), tokio::spawn(session(dlv.clone())));
        a.await.unwrap();
        b.await.unwrap();
    });
}
