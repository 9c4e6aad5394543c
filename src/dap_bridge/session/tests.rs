//! The session's loop with channels standing in for both peers: routing
//! across the two sequence spaces, requests held behind slow work, the
//! deadlines, and what the event sink hears.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

use super::*;
use crate::dap_bridge::delve::{Scopes as DelveScopes, ScopesArguments};
use crate::dap_bridge::transport::{Backlog, Queued};

fn msg(v: Value) -> RawMessage {
    RawMessage::parse(serde_json::to_vec(&v).unwrap()).unwrap()
}

fn recv(rx: &mut mpsc::UnboundedReceiver<Queued>) -> Value {
    serde_json::from_slice(&rx.try_recv().expect("a message").body).unwrap()
}

/// An outbox to one peer and what the peer receives.
fn outbox() -> (Outbox, mpsc::UnboundedReceiver<Queued>) {
    Outbox::new(Backlog::new(usize::MAX))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// A session running on its own task; the test plays editor and Delve.
struct Peers {
    editor: mpsc::UnboundedReceiver<Queued>,
    delve: mpsc::UnboundedReceiver<Queued>,
    inputs: mpsc::UnboundedSender<Input>,
    ended: tokio::task::JoinHandle<Ended>,
}

impl Peers {
    fn start(options: SessionOptions) -> Peers {
        let (etx, editor) = outbox();
        let (dtx, delve) = outbox();
        let (inputs, mut irx) = mpsc::unbounded_channel();
        let mut session = Session::new(etx, dtx, inputs.clone(), options);
        let ended = tokio::spawn(async move { session.run(&mut irx).await });
        Peers { editor, delve, inputs, ended }
    }

    fn editor_sends(&self, v: Value) {
        self.inputs.send(Input::FromEditor(msg(v), Charge::none())).unwrap();
    }

    fn delve_sends(&self, v: Value) {
        self.inputs.send(Input::FromDelve(msg(v), Charge::none())).unwrap();
    }

    async fn editor_gets(&mut self) -> Value {
        next(&mut self.editor, "the editor").await
    }

    async fn delve_gets(&mut self) -> Value {
        next(&mut self.delve, "delve").await
    }

    /// Lets the session handle what is queued, then says that nothing more
    /// went to `side`.
    async fn quiet(rx: &mut mpsc::UnboundedReceiver<Queued>) -> Option<Value> {
        tokio::time::timeout(Duration::from_millis(50), rx.recv())
            .await
            .ok()
            .flatten()
            .map(|q| serde_json::from_slice(&q.body).unwrap())
    }
}

async fn next(rx: &mut mpsc::UnboundedReceiver<Queued>, side: &str) -> Value {
    let queued = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .unwrap_or_else(|_| panic!("nothing for {side}"))
        .unwrap_or_else(|| panic!("channel to {side} closed"));
    serde_json::from_slice(&queued.body).unwrap()
}

fn fixture_main_go() -> String {
    format!("{}/tests/fixtures/dap/app/main.go", env!("CARGO_MANIFEST_DIR"))
}

/// The line of `// bp:describe` in the fixture (`u *User`, `round int`).
fn describe_line() -> i64 {
    let text = std::fs::read_to_string(fixture_main_go()).unwrap();
    text.lines().position(|l| l.ends_with("// bp:describe")).unwrap() as i64 + 1
}

/// The routing table alone, with channels standing in for both peers.
#[test]
fn responses_are_routed_by_table_across_two_sequence_spaces() {
    runtime().block_on(async {
        let (etx, mut erx) = outbox();
        let (dtx, mut drx) = outbox();
        let (itx, mut irx) = mpsc::unbounded_channel();
        let mut s = Session::new(etx, dtx, itx.clone(), SessionOptions::default());
        // The editor's seq 40 becomes Delve-side seq 1.
        s.on_editor(msg(json!({"seq": 40, "type": "request", "command": "threads", "x-extra": [1]})));
        let to_delve = recv(&mut drx);
        assert_eq!(to_delve, json!({"seq": 1, "type": "request", "command": "threads", "x-extra": [1]}));
        // A request of the bridge's own takes Delve-side seq 2.
        let (reply, answer) = oneshot::channel();
        let call = Call { command: "scopes", arguments: json!({"frameId": 7}), stop: None, reply };
        itx.send(Input::Call(call)).unwrap();
        itx.send(Input::EditorClosed(None)).unwrap();
        s.run(&mut irx).await;
        assert_eq!(recv(&mut drx)["seq"], 2);
        // Delve answers out of order; each answer goes where its row says.
        s.on_delve(msg(json!({"seq": 5, "type": "response", "request_seq": 2, "command": "scopes", "success": true, "body": {"scopes": []}})));
        assert_eq!(answer.await.unwrap(), Ok(json!({"scopes": []})));
        assert!(erx.try_recv().is_err(), "the bridge's own answer never reaches the editor");
        s.on_delve(msg(json!({"seq": 6, "type": "response", "request_seq": 1, "command": "threads", "success": true, "body": {"threads": []}, "y": 2})));
        let to_editor = recv(&mut erx);
        assert_eq!(to_editor, json!({"seq": 1, "type": "response", "request_seq": 40, "command": "threads", "success": true, "body": {"threads": []}, "y": 2}));
        // A response nobody asked for is dropped, not guessed.
        s.on_delve(msg(json!({"seq": 7, "type": "response", "request_seq": 99, "command": "threads", "success": true})));
        assert!(erx.try_recv().is_err());
        // Events get editor-side seqs.
        s.on_delve(msg(json!({"seq": 8, "type": "event", "event": "output", "body": {"output": "x"}})));
        assert_eq!(recv(&mut erx)["seq"], 2);
        // A reverse request: Delve's seq 9 travels as editor-side seq 3;
        // the editor's answer goes back with request_seq 9.
        s.on_delve(msg(json!({"seq": 9, "type": "request", "command": "runInTerminal", "arguments": {"args": ["x"]}})));
        let rev = recv(&mut erx);
        assert_eq!((rev["seq"].clone(), rev["command"].clone()), (json!(3), json!("runInTerminal")));
        s.on_editor(msg(json!({"seq": 77, "type": "response", "request_seq": 3, "command": "runInTerminal", "success": true, "body": {"processId": 5}})));
        let answer = recv(&mut drx);
        assert_eq!((answer["seq"].clone(), answer["request_seq"].clone()), (json!(3), json!(9)));
        // Delve goes away: what is in flight fails, then `terminated`.
        s.on_editor(msg(json!({"seq": 41, "type": "request", "command": "continue", "arguments": {"threadId": 1}})));
        let _ = recv(&mut drx);
        s.fail_pending("EOF");
        let failed = recv(&mut erx);
        assert_eq!((failed["request_seq"].clone(), failed["success"].clone()), (json!(41), json!(false)));
        assert_eq!(failed["command"], "continue");
        assert_eq!(recv(&mut erx)["event"], "terminated");
    });
}

/// A `setBreakpoints` whose verdicts are computed holds the editor's next
/// requests, in order; Delve's events and the end of the session do not
/// wait.
#[test]
fn requests_after_set_breakpoints_wait_for_its_verdicts_in_order() {
    runtime().block_on(async {
        let mut p = Peers::start(SessionOptions::default());
        let line = describe_line();
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "setBreakpoints", "arguments":
            {"source": {"path": fixture_main_go()}, "breakpoints": [{"line": line, "condition": "usr > 1"}]}}));
        p.editor_sends(json!({"seq": 2, "type": "request", "command": "threads"}));
        p.delve_sends(json!({"seq": 1, "type": "event", "event": "output", "body": {"output": "hi"}}));
        assert_eq!(p.editor_gets().await["event"], "output", "Delve's events flow while verdicts are computed");
        let first = p.delve_gets().await;
        assert_eq!(first["command"], "setBreakpoints", "{first}");
        assert_eq!(first["arguments"]["breakpoints"][0]["condition"], "usr > 1");
        assert_eq!(p.delve_gets().await["command"], "threads", "held until the verdicts were known, then in order");
        p.delve_sends(json!({"seq": 2, "type": "response", "request_seq": first["seq"], "command": "setBreakpoints",
            "success": true, "body": {"breakpoints": [{"id": 1, "verified": true, "line": line}]}}));
        let r = p.editor_gets().await;
        let message = r["body"]["breakpoints"][0]["message"].as_str().unwrap();
        assert!(message.contains("undefined: `usr`"), "{r}");
        assert_eq!(p.editor_gets().await["event"], "breakpoint");
        p.inputs.send(Input::EditorClosed(None)).unwrap();
        assert_eq!(p.ended.await.unwrap(), Ended::EditorClosed);
    });
}

/// Verdicts not ready by the deadline: the breakpoints go to Delve as
/// written and the editor is told they were not checked.
#[test]
fn verdicts_past_the_deadline_go_unchecked_with_a_message() {
    runtime().block_on(async {
        let timeouts = Timeouts { checks: Duration::ZERO, ..Timeouts::default() };
        let mut p = Peers::start(SessionOptions { timeouts, ..SessionOptions::default() });
        let bps = json!([{"line": describe_line(), "condition": "usr > 1"}, {"line": 3}]);
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "setBreakpoints", "arguments":
            {"source": {"path": fixture_main_go()}, "breakpoints": bps}}));
        let sent = p.delve_gets().await;
        assert_eq!(sent["arguments"]["breakpoints"], bps, "{sent}");
        p.delve_sends(json!({"seq": 2, "type": "response", "request_seq": sent["seq"], "command": "setBreakpoints",
            "success": true, "body": {"breakpoints": [{"id": 1, "verified": true}, {"id": 2, "verified": true}]}}));
        let r = p.editor_gets().await;
        let bps = &r["body"]["breakpoints"];
        assert_eq!(bps[0]["message"], "not checked: what Delve sees here was not known within 0ns", "{r}");
        assert_eq!((bps[0]["verified"].clone(), bps[1].get("message")), (json!(true), None), "{r}");
        // The late verdicts change nothing.
        assert_eq!(p.editor_gets().await["event"], "breakpoint");
        assert_eq!(Peers::quiet(&mut p.editor).await, None);
    });
}

/// Delve never answers `disconnect`: the editor gets its answer and
/// `terminated` at the deadline, and the session ends for Delve to be
/// killed.
#[test]
fn an_unanswered_disconnect_ends_the_session_at_its_deadline() {
    runtime().block_on(async {
        let timeouts = Timeouts { disconnect: Duration::from_millis(20), ..Timeouts::default() };
        let mut p = Peers::start(SessionOptions { timeouts, ..SessionOptions::default() });
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "threads"}));
        p.editor_sends(
            json!({"seq": 2, "type": "request", "command": "disconnect", "arguments": {"terminateDebuggee": true}}),
        );
        assert_eq!(p.delve_gets().await["command"], "threads");
        assert_eq!(p.delve_gets().await["command"], "disconnect");
        assert_eq!((&mut p.ended).await.unwrap(), Ended::DelveUnresponsive);
        let failed = p.editor_gets().await;
        assert_eq!((failed["request_seq"].clone(), failed["success"].clone()), (json!(1), json!(false)), "{failed}");
        let output = p.editor_gets().await;
        assert!(output["body"]["output"].as_str().unwrap().contains("did not answer disconnect"), "{output}");
        let done = p.editor_gets().await;
        assert_eq!((done["request_seq"].clone(), done["success"].clone()), (json!(2), json!(true)), "{done}");
        assert_eq!(p.editor_gets().await["event"], "terminated");
    });
}

/// A frozen Delve: the console completion gets an error response once the
/// bridge's own request has waited its deadline.
#[test]
fn a_completion_gets_an_error_when_delve_does_not_answer() {
    runtime().block_on(async {
        let timeouts = Timeouts { delve_request: Duration::from_millis(20), ..Timeouts::default() };
        let mut p = Peers::start(SessionOptions { timeouts, ..SessionOptions::default() });
        p.delve_sends(
            json!({"seq": 1, "type": "event", "event": "stopped", "body": {"reason": "breakpoint", "threadId": 1}}),
        );
        assert_eq!(p.editor_gets().await["event"], "stopped");
        p.editor_sends(
            json!({"seq": 1, "type": "request", "command": "completions", "arguments": {"text": "u.", "column": 3}}),
        );
        assert_eq!(p.delve_gets().await["command"], "stackTrace", "the bridge asks for the frame");
        let r = p.editor_gets().await;
        assert_eq!((r["request_seq"].clone(), r["success"].clone()), (json!(1), json!(false)), "{r}");
        assert_eq!(r["message"], "dlv did not answer `stackTrace` within 20ms", "{r}");
    });
}

/// With an event sink: the breakpoints as set, the stop with a handle
/// that dies at the next continue.
#[test]
fn the_sink_hears_breakpoints_stops_and_continues() {
    runtime().block_on(async {
        let (events, mut heard) = EventSink::channel();
        let mut p = Peers::start(SessionOptions { events: Some(events), ..SessionOptions::default() });
        let line = describe_line();
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "setBreakpoints", "arguments":
            {"source": {"path": fixture_main_go()}, "breakpoints": [{"line": line, "condition": "usr > 1", "hitCondition": "2"}, {"line": 3}]}}));
        let sent = p.delve_gets().await;
        p.delve_sends(json!({"seq": 2, "type": "response", "request_seq": sent["seq"], "command": "setBreakpoints",
            "success": true, "body": {"breakpoints": [{"id": 1, "verified": true}, {"verified": false, "message": "no code"}]}}));
        let Some(SessionEvent::Breakpoints { path, breakpoints }) = heard.recv().await else { panic!("breakpoints") };
        assert_eq!(path, fixture_main_go());
        assert_eq!(breakpoints.len(), 2);
        let (first, second) = (&breakpoints[0], &breakpoints[1]);
        assert_eq!((first.line, first.condition.as_deref(), first.hit_condition.as_deref()), (Some(line), Some("usr > 1"), Some("2")));
        assert!(first.verified && first.message.as_deref().unwrap().contains("undefined: `usr`"), "{first:?}");
        assert_eq!((second.verified, second.message.as_deref()), (false, Some("no code")));

        p.delve_sends(json!({"seq": 3, "type": "event", "event": "stopped", "body": {"reason": "breakpoint", "threadId": 4}}));
        let trace = p.delve_gets().await;
        assert_eq!((trace["command"].clone(), trace["arguments"]["threadId"].clone()), (json!("stackTrace"), json!(4)));
        p.delve_sends(json!({"seq": 4, "type": "response", "request_seq": trace["seq"], "command": "stackTrace", "success": true,
            "body": {"stackFrames": [{"id": 1000, "name": "main.describe", "line": line, "source": {"path": fixture_main_go()}}]}}));
        let Some(SessionEvent::Stopped(stopped)) = heard.recv().await else { panic!("stopped") };
        assert_eq!((stopped.thread_id, stopped.reason.as_str(), stopped.function.as_str()), (4, "breakpoint", "main.describe"));
        assert_eq!(stopped.frame, LiveFrame { id: 1000, path: Some(fixture_main_go()), line: line as u32 });
        // The handle works while stopped…
        let delve = stopped.delve.clone();
        let asked = tokio::spawn(async move { delve.call::<DelveScopes>(ScopesArguments { frame_id: 1000 }).await });
        let scopes = p.delve_gets().await;
        p.delve_sends(json!({"seq": 5, "type": "response", "request_seq": scopes["seq"], "command": "scopes", "success": true,
            "body": {"scopes": [{"name": "Locals", "variablesReference": 7}]}}));
        assert_eq!(asked.await.unwrap().unwrap().scopes[0].variables_reference, 7);
        // …and is refused once the program runs on.
        p.editor_sends(json!({"seq": 2, "type": "request", "command": "continue", "arguments": {"threadId": 4}}));
        assert!(matches!(heard.recv().await, Some(SessionEvent::Continued)));
        let refused = stopped.delve.call::<DelveScopes>(ScopesArguments { frame_id: 1000 }).await;
        assert_eq!(refused.unwrap_err(), DelveError::Resumed);
    });
}

/// A frozen Delve: each editor request gets an error response at its
/// deadline, `launch` at its own; Delve's late answer is dropped.
#[test]
fn requests_delve_does_not_answer_fail_at_their_deadlines() {
    runtime().block_on(async {
        let timeouts =
            Timeouts { request: Duration::from_millis(20), launch: Duration::from_millis(200), ..Timeouts::default() };
        let mut p = Peers::start(SessionOptions { timeouts, ..SessionOptions::default() });
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "launch", "arguments": {"mode": "exec", "program": "/nonexistent"}}));
        p.editor_sends(json!({"seq": 2, "type": "request", "command": "stackTrace", "arguments": {"threadId": 1}}));
        assert_eq!(p.delve_gets().await["command"], "launch");
        // Its answer names files: held behind the launch until it fails.
        let failed = p.editor_gets().await;
        assert_eq!((failed["request_seq"].clone(), failed["success"].clone()), (json!(1), json!(false)), "{failed}");
        assert_eq!(failed["message"], "dlv did not answer `launch` within 200ms", "{failed}");
        let trace = p.delve_gets().await;
        assert_eq!(trace["command"], "stackTrace");
        let failed = p.editor_gets().await;
        assert_eq!((failed["request_seq"].clone(), failed["message"].clone()), (json!(2), json!("dlv did not answer `stackTrace` within 20ms")));
        // Too late: nobody waits for it any more.
        p.delve_sends(json!({"seq": 9, "type": "response", "request_seq": trace["seq"], "command": "stackTrace", "success": true, "body": {"stackFrames": []}}));
        assert_eq!(Peers::quiet(&mut p.editor).await, None);
        // The session goes on.
        p.editor_sends(json!({"seq": 3, "type": "request", "command": "threads"}));
        let threads = p.delve_gets().await;
        p.delve_sends(json!({"seq": 10, "type": "response", "request_seq": threads["seq"], "command": "threads", "success": true, "body": {"threads": []}}));
        let ok = p.editor_gets().await;
        assert_eq!((ok["request_seq"].clone(), ok["success"].clone()), (json!(3), json!(true)), "{ok}");
    });
}

/// What `dlv`'s pipes give becomes `output` events in arrival order.
#[test]
fn debuggee_output_becomes_output_events() {
    runtime().block_on(async {
        let mut p = Peers::start(SessionOptions::default());
        for (category, output) in [("stdout", "a\u{fffd}\n"), ("stderr", "b")] {
            p.inputs.send(Input::Output { category, output: output.to_string(), charge: Charge::none() }).unwrap();
        }
        let first = p.editor_gets().await;
        assert_eq!(first, json!({"seq": 1, "type": "event", "event": "output", "body": {"category": "stdout", "output": "a\u{fffd}\n"}}));
        assert_eq!(p.editor_gets().await["body"], json!({"category": "stderr", "output": "b"}));
    });
}

/// While a launch's path rules are not known, only what names files (or
/// whose answer may) waits for them; whatever follows a held request waits
/// behind it, so the editor's order is kept.
#[test]
fn only_requests_that_need_the_rules_wait_for_them_in_order() {
    runtime().block_on(async {
        let mut p = Peers::start(SessionOptions::default());
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "launch", "arguments": {"mode": "exec", "program": "/nonexistent"}}));
        assert_eq!(p.delve_gets().await["command"], "launch");
        p.editor_sends(json!({"seq": 2, "type": "request", "command": "threads"}));
        let threads = p.delve_gets().await;
        assert_eq!((threads["command"].clone(), threads["seq"].clone()), (json!("threads"), json!(2)), "not held: {threads}");
        p.editor_sends(json!({"seq": 3, "type": "request", "command": "stackTrace", "arguments": {"threadId": 1}}));
        p.editor_sends(json!({"seq": 4, "type": "request", "command": "threads"}));
        assert_eq!(Peers::quiet(&mut p.delve).await, None, "stackTrace waits for the rules, threads behind it");
        p.delve_sends(json!({"seq": 1, "type": "response", "request_seq": 1, "command": "launch", "success": false, "message": "no"}));
        assert_eq!(p.editor_gets().await["request_seq"], 1);
        assert_eq!(p.delve_gets().await["command"], "stackTrace");
        assert_eq!(p.delve_gets().await["command"], "threads");
    });
}

/// A `restart` carries the launch's options again, and Delve re-reads its
/// common ones: the bridge's own options are taken out as at the launch,
/// and new `substitutePath` rules replace the editor's earlier ones.
#[test]
fn a_restart_brings_new_rules_and_delve_never_sees_them() {
    runtime().block_on(async {
        let mut p = Peers::start(SessionOptions::default());
        let rules = |to: &str| json!([{"from": "/editor/app", "to": to}]);
        p.editor_sends(json!({"seq": 1, "type": "request", "command": "launch",
            "arguments": {"mode": "exec", "program": "/nonexistent", "substitutePath": rules("/build/one")}}));
        let launch = p.delve_gets().await;
        assert_eq!(launch["arguments"].get("substitutePath"), None, "{launch}");
        p.delve_sends(json!({"seq": 1, "type": "response", "request_seq": 1, "command": "launch", "success": false}));
        p.editor_gets().await;
        let locations = |seq: i64| {
            json!({"seq": seq, "type": "request", "command": "breakpointLocations",
                "arguments": {"source": {"path": "/editor/app/main.go"}, "line": 3}})
        };
        p.editor_sends(locations(2));
        assert_eq!(p.delve_gets().await["arguments"]["source"]["path"], "/build/one/main.go");

        p.editor_sends(json!({"seq": 3, "type": "request", "command": "restart", "arguments": {"arguments": {
            "request": "launch", "mode": "exec", "program": "/nonexistent", "args": ["-v"],
            "substitutePath": rules("/build/two"), "strictConditions": true}}}));
        let restart = p.delve_gets().await;
        let sent = &restart["arguments"]["arguments"];
        assert_eq!((sent.get("substitutePath"), sent.get("strictConditions")), (None, None), "{restart}");
        assert_eq!(sent["args"], json!(["-v"]), "the rest is Delve's: {restart}");
        p.editor_sends(locations(4));
        assert_eq!(p.delve_gets().await["arguments"]["source"]["path"], "/build/two/main.go");

        // Without rules (or with none), Delve keeps its rules: so does the bridge.
        for (seq, extra) in [(5, json!({})), (7, json!({"substitutePath": []}))] {
            let mut args = json!({"request": "launch", "mode": "exec", "program": "/nonexistent"});
            args.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
            p.editor_sends(
                json!({"seq": seq, "type": "request", "command": "restart", "arguments": {"arguments": args}}),
            );
            let restart = p.delve_gets().await;
            assert_eq!(restart["arguments"]["arguments"].get("substitutePath"), None, "{restart}");
            p.editor_sends(locations(seq + 1));
            assert_eq!(p.delve_gets().await["arguments"]["source"]["path"], "/build/two/main.go");
        }
    });
}

/// An input moves through the session's channel, and a message through
/// several calls, for each message passed: both stay small enough to move
/// in a few registers' worth of copies rather than a `memcpy` of the head.
#[test]
fn inputs_and_messages_stay_small() {
    assert!(std::mem::size_of::<Input>() <= 96, "an input is {} bytes", std::mem::size_of::<Input>());
    let raw = std::mem::size_of::<crate::dap_bridge::raw::RawMessage>();
    assert!(raw <= 72, "a message as read is {raw} bytes");
}
