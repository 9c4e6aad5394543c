//! Transparency: one scripted session straight against `dlv dap` and the
//! same through `dlvbridge dap`. The messages must be the same except where
//! the bridge adds value (here: the completion capabilities it announces).

mod dap_bridge_harness;
mod support;

use dap_bridge_harness::{Bridge, Peer, fixture_app, marker_line};
use serde_json::{Value, json};
use support::dap_client::DapClient;

/// Runs the script; returns every response and the events waited for, in order.
fn script(p: &mut dyn Peer) -> Vec<Value> {
    let (src, bin) = fixture_app();
    let main_go = src.join("main.go");
    let mut out = Vec::new();
    out.push(p.req(
        "initialize",
        json!({"clientID": "vscode", "adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true,
               "pathFormat": "path", "supportsVariableType": true, "supportsVariablePaging": true,
               "supportsRunInTerminalRequest": false, "__unknownClientField": {"kept": [1, 2]}}),
    ));
    out.push(p.req(
        "launch",
        json!({"mode": "exec", "program": bin, "stopOnEntry": false, "showGlobalVariables": true,
               "__unknownLaunchField": true}),
    ));
    out.push(p.ev("initialized"));
    out.push(p.req(
        "setBreakpoints",
        json!({"source": {"path": main_go}, "breakpoints": [{"line": marker_line("describe"), "condition": "round >= 1"}]}),
    ));
    out.push(p.req("configurationDone", json!({})));
    out.push(p.ev("stopped"));
    for _ in 0..2 {
        let st = p.req("stackTrace", json!({"threadId": 1, "startFrame": 0, "levels": 20}));
        let frame = st["body"]["stackFrames"][0]["id"].clone();
        out.push(st);
        let scopes = p.req("scopes", json!({"frameId": frame}));
        let locals = scopes["body"]["scopes"][0]["variablesReference"].clone();
        out.push(scopes);
        let vars = p.req("variables", json!({"variablesReference": locals}));
        let u = vars["body"]["variables"].as_array().unwrap().iter().find(|v| v["name"] == "u").unwrap().clone();
        out.push(vars);
        out.push(p.req("variables", json!({"variablesReference": u["variablesReference"]})));
        for expr in ["u.Name", "u", "total + 1", "undefinedName"] {
            out.push(p.req("evaluate", json!({"expression": expr, "frameId": frame, "context": "repl"})));
        }
        out.push(p.req("next", json!({"threadId": 1})));
        out.push(p.ev("stopped"));
    }
    out.push(p.req("continue", json!({"threadId": 1})));
    out.push(p.ev("stopped"));
    out.push(p.req("disconnect", json!({"terminateDebuggee": true})));
    out
}

/// Removes what legitimately differs: sequence numbers (each side has its
/// own) and the capabilities the bridge adds.
fn normalize(mut msgs: Vec<Value>, bridged: bool) -> Vec<Value> {
    for m in &mut msgs {
        scrub_addresses(m);
        let obj = m.as_object_mut().unwrap();
        obj.remove("seq");
        obj.remove("request_seq");
        if obj.get("command").and_then(Value::as_str) == Some("initialize") {
            let body = obj.get_mut("body").and_then(Value::as_object_mut).unwrap();
            let (completions, triggers) = if bridged { (Some(json!(true)), Some(json!(["."]))) } else { (None, None) };
            assert_eq!(body.remove("supportsCompletionsRequest"), completions);
            assert_eq!(body.remove("completionTriggerCharacters"), triggers);
        }
    }
    msgs
}

/// Heap addresses differ from run to run (ASLR), through the bridge or not.
fn scrub_addresses(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "memoryReference" {
                    *child = json!("<addr>");
                } else {
                    scrub_addresses(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub_addresses),
        Value::String(s) if s.contains("0x") => {
            let mut out = String::new();
            let mut rest = s.as_str();
            while let Some(i) = rest.find("0x") {
                out.push_str(&rest[..i]);
                out.push_str("0x?");
                rest = rest[i + 2..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
            }
            out.push_str(rest);
            *s = out;
        }
        _ => {}
    }
}

#[test]
fn bridged_session_matches_direct_session() {
    let dlv = support::require_dlv("bridged_session_matches_direct_session");
    let mut direct = DapClient::spawn(&dlv, &[]).unwrap();
    let direct_msgs = normalize(script(&mut direct), false);
    direct.shutdown();
    let mut bridge = Bridge::spawn(&dlv, &[]);
    let bridged_msgs = normalize(script(&mut bridge), true);
    assert_eq!(direct_msgs.len(), bridged_msgs.len());
    for (d, b) in direct_msgs.iter().zip(&bridged_msgs) {
        assert_eq!(d, b, "direct vs bridged differ");
    }
}
