//! End-to-end: an editor-like DAP client drives `dlvbridge dap` over stdio,
//! the bridge drives a real `dlv dap`, on the Go program in
//! tests/fixtures/dap/app built with `-gcflags=all=-N -l`.

mod dap_bridge_harness;
mod support;

use std::time::Duration;

use dap_bridge_harness::{Bridge, fixture_app, marker_line, wait_gone};
use serde_json::{Value, json};

fn labels(completions: &Value) -> Vec<String> {
    completions["body"]["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| t["label"].as_str().unwrap().to_string())
        .collect()
}

fn main_go() -> std::path::PathBuf {
    fixture_app().0.join("main.go")
}

#[test]
fn exec_launch_stop_inspect_complete_disconnect() {
    let dlv = support::require_dlv("exec_launch_stop_inspect_complete_disconnect");
    let mut b = Bridge::spawn(&dlv, &[]);
    let init = b.start_exec(json!({}));
    assert_eq!(init["body"]["supportsCompletionsRequest"], true, "{init}");
    // Delve's own capabilities survive.
    assert_eq!(init["body"]["supportsConditionalBreakpoints"], true, "{init}");

    let line = marker_line("describe");
    let r = b.set_breakpoints(&main_go(), json!([{"line": line}]));
    let bp = &r["body"]["breakpoints"][0];
    assert_eq!(bp["verified"], true, "{r}");
    assert!(bp.get("message").is_none(), "a plain breakpoint is untouched: {r}");
    b.ok("configurationDone", json!({}));

    let stopped = b.event("stopped");
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    let thread = stopped["body"]["threadId"].as_i64().unwrap();
    let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 20}));
    let top = &st["body"]["stackFrames"][0];
    assert_eq!(top["line"], line, "{st}");
    assert_eq!(top["source"]["path"], main_go().to_str().unwrap(), "{st}");
    let frame = top["id"].as_i64().unwrap();

    let scopes = b.ok("scopes", json!({"frameId": frame}));
    let locals_ref = scopes["body"]["scopes"][0]["variablesReference"].as_i64().unwrap();
    let vars = b.ok("variables", json!({"variablesReference": locals_ref}));
    let names: Vec<&str> =
        vars["body"]["variables"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    for want in ["u", "round", "total"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }

    let ev = b.ok("evaluate", json!({"expression": "u.Name", "frameId": frame, "context": "repl"}));
    assert_eq!(ev["body"]["result"], "\"ann\"", "{ev}");
    // Delve agrees with the verdict the bridge gives from debug info.
    let ev = b.request("evaluate", json!({"expression": "droppedByLinker", "frameId": frame, "context": "repl"}));
    assert_eq!(ev["success"], false, "{ev}");

    // Console completions, answered by the bridge over the stopped frame.
    let c = b.ok("completions", json!({"frameId": frame, "text": "to", "column": 3}));
    assert!(labels(&c).contains(&"total".to_string()), "{c}");
    assert_eq!(c["body"]["targets"][0]["start"], 1, "{c}");
    let c = b.ok("completions", json!({"frameId": frame, "text": "u.Na", "column": 5}));
    assert_eq!(labels(&c), vec!["Name"], "{c}");
    let c = b.ok("completions", json!({"frameId": frame, "text": "len(u.Address.", "column": 15}));
    let l = labels(&c);
    assert!(l.contains(&"City".to_string()) && l.contains(&"Zip".to_string()), "{c}");
    // Package members from the frame's source: globals and constants.
    let c = b.ok("completions", json!({"frameId": frame, "text": "gree", "column": 5}));
    assert_eq!(labels(&c), vec!["greeting"], "{c}");
    // What the linker dropped is not offered: Delve could not evaluate it.
    let c = b.ok("completions", json!({"frameId": frame, "text": "dropped", "column": 8}));
    assert!(labels(&c).is_empty(), "{c}");
    // Without a frameId: the stopped thread's top frame.
    let c = b.ok("completions", json!({"text": "rou", "column": 4}));
    assert_eq!(labels(&c), vec!["round"], "{c}");

    let dlv_pid = b.dlv_pid().expect("the bridge runs dlv as its child");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    let status = b.wait_exit(Duration::from_secs(5)).expect("bridge exits after disconnect");
    assert!(status.success(), "{status:?}");
    assert!(wait_gone(dlv_pid, Duration::from_secs(5)), "dlv {dlv_pid} still running");
}

/// Runs `configurationDone` and returns the next `stopped` event.
fn run_to_stop(b: &mut Bridge) -> Value {
    b.ok("configurationDone", json!({}));
    b.event("stopped")
}

fn top_frame(b: &mut Bridge, stopped: &Value) -> (i64, i64) {
    let thread = stopped["body"]["threadId"].as_i64().unwrap();
    let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 1}));
    let f = &st["body"]["stackFrames"][0];
    (f["id"].as_i64().unwrap(), f["line"].as_i64().unwrap())
}

fn eval(b: &mut Bridge, frame: i64, expr: &str) -> String {
    let r = b.ok("evaluate", json!({"expression": expr, "frameId": frame, "context": "watch"}));
    r["body"]["result"].as_str().unwrap().to_string()
}

#[test]
fn default_mode_explains_invalid_conditions_at_set_time() {
    let dlv = support::require_dlv("default_mode_explains_invalid_conditions_at_set_time");
    let mut b = Bridge::spawn(&dlv, &[]);
    b.start_exec(json!({}));
    let cases = [
        ("loop", r#"usr.Name == "x""#, "undefined: `usr`"),
        ("after", r#"u.Nme == "x""#, "did you mean `Name`"),
        ("end", r#"count == "x""#, "can not convert \"x\" constant to int"),
        ("after", r#"describe(u, 1) == """#, "does not call functions"),
        ("describe", r#"label != """#, "declared on this line"),
        // Only the binary's debug info knows the linker dropped this global.
        ("describe", "droppedByLinker == 7", "`droppedByLinker` is not visible"),
    ];
    for (marker, condition, want) in cases {
        let r = b.set_breakpoints(&main_go(), json!([{"line": marker_line(marker), "condition": condition}]));
        let bp = &r["body"]["breakpoints"][0];
        let msg = bp["message"].as_str().unwrap_or_else(|| panic!("no message for {condition}: {r}"));
        assert!(msg.contains("invalid condition") && msg.contains(want), "{condition}: {msg}");
        // Default mode keeps the editor's intent: Delve has the breakpoint.
        assert_eq!(bp["verified"], true, "{r}");
        let ev = b.event("breakpoint");
        assert_eq!(ev["body"]["reason"], "changed", "{ev}");
        assert_eq!(ev["body"]["breakpoint"]["id"], bp["id"], "{ev}");
        assert_eq!(ev["body"]["breakpoint"]["message"], bp["message"], "{ev}");
    }
    // A valid condition on the same request is untouched.
    let r = b.set_breakpoints(
        &main_go(),
        json!([{"line": marker_line("loop"), "condition": "usr.Name == \"x\""}, {"line": marker_line("describe"), "condition": "round > 10"}]),
    );
    assert!(r["body"]["breakpoints"][1].get("message").is_none(), "{r}");
    // What the message warns about: Delve stops the program with an error.
    let stopped = run_to_stop(&mut b);
    assert_eq!(stopped["body"]["reason"], "exception", "{stopped}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}

#[test]
fn strict_mode_withholds_invalid_conditions() {
    let dlv = support::require_dlv("strict_mode_withholds_invalid_conditions");
    let mut b = Bridge::spawn(&dlv, &[]);
    b.start_exec(json!({"strictConditions": true}));
    let r = b.set_breakpoints(
        &main_go(),
        json!([
            {"line": marker_line("loop"), "condition": "usr.Name == \"x\""},
            {"line": marker_line("describe"), "condition": "u.Name == \"bob\""},
            {"line": marker_line("end")},
        ]),
    );
    let bps = r["body"]["breakpoints"].as_array().unwrap();
    assert_eq!(bps.len(), 3, "one entry per requested breakpoint: {r}");
    assert_eq!(bps[0]["verified"], false, "{r}");
    assert_eq!(bps[0]["line"], marker_line("loop"), "{r}");
    let msg = bps[0]["message"].as_str().unwrap();
    assert!(msg.contains("undefined: `usr`") && msg.contains("strictConditions"), "{msg}");
    assert_eq!(bps[1]["verified"], true, "{r}");
    assert!(bps[1].get("message").is_none(), "{r}");
    assert_eq!(bps[2]["verified"], true, "{r}");
    let ev = b.event("breakpoint");
    assert_eq!(ev["body"]["breakpoint"]["id"], bps[0]["id"], "{ev}");

    b.ok("configurationDone", json!({}));
    let mut stops = Vec::new();
    loop {
        let ev = b.try_event(&["stopped", "terminated"], Duration::from_secs(20)).unwrap();
        if ev["event"] == "terminated" {
            break;
        }
        assert_eq!(ev["body"]["reason"], "breakpoint", "never an exception stop in strict mode: {ev}");
        let (frame, line) = top_frame(&mut b, &ev);
        let what = if line == marker_line("describe") { eval(&mut b, frame, "round") } else { "end".to_string() };
        stops.push((line, what));
        b.ok("continue", json!({"threadId": ev["body"]["threadId"]}));
    }
    let d = marker_line("describe");
    assert_eq!(stops, vec![(d, "1".to_string()), (d, "3".to_string()), (marker_line("end"), "end".to_string())]);
}

#[test]
fn hit_conditions_and_logpoints() {
    let dlv = support::require_dlv("hit_conditions_and_logpoints");
    let mut b = Bridge::spawn(&dlv, &[]);
    b.start_exec(json!({}));
    let r = b.set_breakpoints(
        &main_go(),
        json!([
            {"line": marker_line("describe"), "hitCondition": "== 3"},
            {"line": marker_line("loop"), "logMessage": "user {u.Name} round {i} at 100%%"},
            {"line": marker_line("after"), "logMessage": "hi {usr.Name}"},
            {"line": marker_line("end"), "hitCondition": "==x"},
        ]),
    );
    let bps = r["body"]["breakpoints"].as_array().unwrap();
    assert!(bps[0].get("message").is_none() && bps[1].get("message").is_none(), "{r}");
    let log_msg = bps[2]["message"].as_str().unwrap_or_default();
    assert!(log_msg.contains("invalid log message") && log_msg.contains("usr"), "{r}");
    let hit_msg = bps[3]["message"].as_str().unwrap_or_default();
    assert!(hit_msg.contains("invalid hit condition"), "{r}");

    let stopped = run_to_stop(&mut b);
    assert_eq!(stopped["body"]["reason"], "breakpoint", "{stopped}");
    let (frame, line) = top_frame(&mut b, &stopped);
    assert_eq!(line, marker_line("describe"));
    assert_eq!(eval(&mut b, frame, "round"), "2", "the third hit");
    let outputs: Vec<String> = b
        .drain()
        .into_iter()
        .filter(|e| e["event"] == "output")
        .map(|e| e["body"]["output"].as_str().unwrap_or("").to_string())
        .collect();
    // Delve formats the text with Sprintf: `%%` is a percent sign.
    assert!(outputs.iter().any(|o| o.contains("user \"ann\" round 0 at 100%\n")), "{outputs:?}");
    assert!(outputs.iter().any(|o| o.contains("user \"bob\" round 1")), "{outputs:?}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
}

#[test]
fn substitute_path_maps_both_ways() {
    let dlv = support::require_dlv("substitute_path_maps_both_ways");
    let src = fixture_app().0.clone();
    let out =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dap-app-moved-{}", std::process::id()));
    // The binary believes its sources were in /build/app.
    let gcflags = format!("-gcflags=all=-N -l -trimpath={}=>/build/app", src.display());
    let o =
        support::go_command().current_dir(&src).args(["build", &gcflags, "-o"]).arg(&out).arg(".").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let mut b = Bridge::spawn(&dlv, &[]);
    b.ok(
        "initialize",
        json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path"}),
    );
    b.ok("launch", json!({"mode": "exec", "program": out, "substitutePath": [{"from": src, "to": "/build/app"}]}));
    b.event("initialized");
    let r = b.set_breakpoints(&main_go(), json!([{"line": marker_line("describe")}]));
    let bp = &r["body"]["breakpoints"][0];
    assert_eq!(bp["verified"], true, "{r}");
    assert_eq!(bp["source"]["path"], main_go().to_str().unwrap(), "{r}");
    let stopped = run_to_stop(&mut b);
    let thread = stopped["body"]["threadId"].as_i64().unwrap();
    let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 3}));
    assert_eq!(st["body"]["stackFrames"][0]["source"]["path"], main_go().to_str().unwrap(), "{st}");
    assert_eq!(st["body"]["stackFrames"][1]["source"]["path"], main_go().to_str().unwrap(), "{st}");
    let frame = st["body"]["stackFrames"][0]["id"].as_i64().unwrap();
    // The frame's source scope is found through the mapped path.
    let c = b.ok("completions", json!({"frameId": frame, "text": "gree", "column": 5}));
    assert_eq!(labels(&c), vec!["greeting"], "{c}");

    // VS Code's restart sends the launch's options again; the bridge's own
    // (`strictConditions`, now on) take effect, the paths still map.
    // Delve cannot rebuild what it did not build: it acknowledges the
    // restart, then answers it again with the error, which reaches the
    // editor as it would straight from dlv.
    let exec = json!({"request": "launch", "mode": "exec", "program": out});
    let seq = b.request_async("restart", json!({"arguments": exec}));
    assert_eq!(b.response(seq, Duration::from_secs(20))["success"], true);
    let failed = b.response(seq, Duration::from_secs(20));
    assert_eq!(failed["success"], false, "{failed}");
    assert!(failed.to_string().contains("cannot rebuild"), "{failed}");
    let rules = json!([{"from": src, "to": "/build/app"}]);
    let again = json!({"request": "launch", "mode": "exec", "program": out, "rebuild": false,
        "substitutePath": rules, "strictConditions": true});
    b.ok("restart", json!({"arguments": again}));
    b.event("initialized");
    let (describe, end) = (marker_line("describe"), marker_line("end"));
    let r = b.set_breakpoints(&main_go(), json!([{"line": describe, "condition": "usr.Name == \"x\""}, {"line": end}]));
    let bps = &r["body"]["breakpoints"];
    assert_eq!((bps[0]["verified"].clone(), bps[1]["verified"].clone()), (json!(false), json!(true)), "strict: {r}");
    assert_eq!(bps[1]["source"]["path"], main_go().to_str().unwrap(), "{r}");
    b.ok("configurationDone", json!({}));
    let stopped = loop {
        let ev = b.event("stopped");
        if ev["body"]["reason"] == "breakpoint" {
            break ev;
        }
    };
    let (_, line) = top_frame(&mut b, &stopped);
    assert_eq!(line, end, "the withheld breakpoint never stopped the program: {stopped}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    let _ = std::fs::remove_file(out);
}

/// `mode: debug` and `mode: test`: Delve builds the program itself.
#[test]
fn debug_and_test_modes() {
    let dlv = support::require_dlv("debug_and_test_modes");
    let src = fixture_app().0.clone();
    let tmp = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    for (mode, file, marker, condition, want_round) in [
        ("debug", "main.go", "describe", "round == 4", "4"),
        ("test", "main_test.go", "test", "u.Name == \"tess\" && round == 1", "1"),
    ] {
        let mut b = Bridge::spawn_in(&dlv, &[], Some(&src));
        b.ok("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
        let output = tmp.join(format!("dap-{mode}-{}", std::process::id()));
        b.ok("launch", json!({"mode": mode, "program": src, "cwd": src, "output": output}));
        b.event("initialized");
        let line = dap_bridge_harness::marker_line_in(file, marker);
        let r = b.set_breakpoints(&src.join(file), json!([{"line": line, "condition": condition}]));
        assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{mode}: {r}");
        assert!(r["body"]["breakpoints"][0].get("message").is_none(), "{mode}: {r}");
        let stopped = run_to_stop(&mut b);
        assert_eq!(stopped["body"]["reason"], "breakpoint", "{mode}: {stopped}");
        let (frame, at) = top_frame(&mut b, &stopped);
        assert_eq!(at, line, "{mode}");
        assert_eq!(eval(&mut b, frame, "round"), want_round, "{mode}");
        let c = b.ok("completions", json!({"frameId": frame, "text": "u.", "column": 3}));
        assert!(labels(&c).contains(&"Age".to_string()), "{mode}: {c}");
        b.ok("disconnect", json!({"terminateDebuggee": true}));
        assert!(b.wait_exit(Duration::from_secs(5)).is_some(), "{mode}: bridge exits");
    }
}

/// `--connect HOST:PORT` to a `dlv dap` someone else started.
#[test]
fn connect_to_running_dlv() {
    use std::io::BufRead;
    let dlv = support::require_dlv("connect_to_running_dlv");
    let mut server = std::process::Command::new(&dlv)
        .args(["dap", "--listen", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split_once("listening at:").map(|(_, a)| a.trim().to_string()))
        .expect("dlv prints its address");
    std::thread::spawn(move || lines.for_each(drop));
    let mut b = Bridge::spawn(&dlv, &["--connect", &addr]);
    assert_eq!(b.dlv_pid(), None, "nothing spawned with --connect");
    // Delve's file system is not the editor's: the program path the editor
    // knows is mapped with substitutePath like every other path.
    let bin = &fixture_app().1;
    let (dir, name) = (bin.parent().unwrap(), bin.file_name().unwrap().to_str().unwrap());
    b.start_exec(json!({
        "program": format!("/editor-side/bin/{name}"),
        "substitutePath": [{"from": "/editor-side/bin", "to": dir}],
    }));
    b.set_breakpoints(&main_go(), json!([{"line": marker_line("end")}]));
    let stopped = run_to_stop(&mut b);
    let (frame, _) = top_frame(&mut b, &stopped);
    assert_eq!(eval(&mut b, frame, "count"), "30");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    assert!(b.wait_exit(Duration::from_secs(5)).is_some(), "bridge exits");
    assert!(
        wait_gone(server.id(), Duration::from_secs(5)) || server.try_wait().unwrap().is_some(),
        "dlv ends its session"
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// Sources the bridge cannot read: locals, their types and members come from
/// Delve alone (`variables` of the parent for members).
#[test]
fn completions_without_sources_use_delve_variables() {
    let dlv = support::require_dlv("completions_without_sources_use_delve_variables");
    let src = fixture_app().0.clone();
    let out =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("dap-app-nosrc-{}", std::process::id()));
    let gcflags = format!("-gcflags=all=-N -l -trimpath={}=>/nowhere/app", src.display());
    let o =
        support::go_command().current_dir(&src).args(["build", &gcflags, "-o"]).arg(&out).arg(".").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut b = Bridge::spawn(&dlv, &[]);
    b.ok("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
    b.ok("launch", json!({"mode": "exec", "program": out}));
    b.event("initialized");
    let r = b.set_breakpoints(std::path::Path::new("/nowhere/app/main.go"), json!([{"line": marker_line("describe")}]));
    assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{r}");
    let stopped = run_to_stop(&mut b);
    let (frame, _) = top_frame(&mut b, &stopped);
    let c = b.ok("completions", json!({"frameId": frame, "text": "rou", "column": 4}));
    assert_eq!(labels(&c), vec!["round"], "{c}");
    let c = b.ok("completions", json!({"frameId": frame, "text": "u.Na", "column": 5}));
    assert_eq!(labels(&c), vec!["Name"], "{c}");
    let c = b.ok("completions", json!({"frameId": frame, "text": "u.Address.C", "column": 12}));
    assert_eq!(labels(&c), vec!["City"], "{c}");
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    let _ = std::fs::remove_file(out);
}

/// `--listen SOCKET`: the same bridge on an owner-only unix socket.
#[cfg(unix)]
#[test]
fn unix_socket_endpoint_is_owner_only() {
    use std::io::BufReader;
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::net::UnixStream;
    let dlv = support::require_dlv("unix_socket_endpoint_is_owner_only");
    let dir = support::TempDir::new("dap-sock");
    let sock = dir.path().join("dap.sock");
    let mut bridge = std::process::Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
        .arg("dap")
        .arg("--dlv")
        .arg(&dlv)
        .arg("--listen")
        .arg(&sock)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !sock.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mode = std::fs::metadata(&sock).expect("the socket exists").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "owner-only socket: {mode:o}");
    let mut stream = UnixStream::connect(&sock).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let body = serde_json::to_vec(
        &json!({"seq": 1, "type": "request", "command": "initialize", "arguments": {"adapterID": "go"}}),
    )
    .unwrap();
    dlvbridge::framing::write_frame_blocking(&mut stream, &body).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let frame = support::dap_client::read_frame(&mut reader).unwrap().expect("a response");
    let resp: Value = serde_json::from_slice(&frame).unwrap();
    assert_eq!(resp["body"]["supportsCompletionsRequest"], true, "{resp}");
    assert!(!sock.exists(), "the socket is removed once a client is connected");
    drop(reader);
    drop(stream);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(s) = bridge.try_wait().unwrap() {
            break Some(s);
        }
        if std::time::Instant::now() > deadline {
            let _ = bridge.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.is_some_and(|s| s.success()), "the bridge ends with its client: {status:?}");
}

/// Zero configuration: binaries built elsewhere — a Docker root (`/app`), a
/// Windows checkout (`C:\Users\dev\proj`, which Go records with mixed
/// separators) and `-trimpath` — debugged with no `substitutePath` at all.
/// Straight to dlv a breakpoint set from the local path does not bind;
/// through the bridge, which infers the rules from the binary's file table
/// and the workspace, it binds and every frame comes back as a local file.
#[test]
fn inferred_paths_bind_breakpoints_without_configuration() {
    use support::dap_client::DapClient;
    let dlv = support::require_dlv("inferred_paths_bind_breakpoints_without_configuration");
    let src = fixture_app().0.clone();
    let line = marker_line("describe");
    let builds: [(&str, Vec<String>); 3] = [
        (
            "docker",
            vec![
                format!("-gcflags=all=-N -l -trimpath={}=>/app", src.display()),
                format!("-asmflags=all=-trimpath={}=>/app", src.display()),
            ],
        ),
        (
            "windows",
            vec![
                format!("-gcflags=all=-N -l -trimpath={}=>C:\\Users\\dev\\proj", src.display()),
                format!("-asmflags=all=-trimpath={}=>C:\\Users\\dev\\proj", src.display()),
            ],
        ),
        ("trimpath", vec!["-gcflags=all=-N -l".to_string(), "-trimpath".to_string()]),
    ];
    for (name, flags) in builds {
        let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("dap-app-{name}-{}", std::process::id()));
        let o = support::go_command()
            .current_dir(&src)
            .arg("build")
            .args(&flags)
            .arg("-o")
            .arg(&out)
            .arg(".")
            .output()
            .unwrap();
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));

        // Without the bridge: Delve cannot place the breakpoint.
        let mut direct = DapClient::spawn(&dlv, &[]).unwrap();
        direct.initialize().unwrap();
        let r = direct.send_request("launch", json!({"mode": "exec", "program": out})).unwrap();
        assert_eq!(r["success"], true, "{name}: {r}");
        let r = direct
            .send_request("setBreakpoints", json!({"source": {"path": main_go()}, "breakpoints": [{"line": line}]}))
            .unwrap();
        assert_eq!(r["body"]["breakpoints"][0]["verified"], false, "{name}: straight to dlv the local path binds: {r}");
        direct.shutdown();

        // Through the bridge, started in the workspace, with no configuration.
        let mut b = Bridge::spawn_in(&dlv, &[], Some(&src));
        b.ok("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
        b.ok("launch", json!({"mode": "exec", "program": out}));
        b.event("initialized");
        let r = b.set_breakpoints(&main_go(), json!([{"line": line}]));
        let bp = &r["body"]["breakpoints"][0];
        assert_eq!(bp["verified"], true, "{name}: {r}");
        assert_eq!(bp["source"]["path"], main_go().to_str().unwrap(), "{name}: {r}");
        let stopped = run_to_stop(&mut b);
        let thread = stopped["body"]["threadId"].as_i64().unwrap();
        let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 20}));
        let frames = st["body"]["stackFrames"].as_array().unwrap();
        assert_eq!(frames[0]["line"], line, "{name}: {st}");
        for f in frames {
            if let Some(path) = f["source"]["path"].as_str() {
                assert!(
                    std::path::Path::new(path).is_file(),
                    "{name}: frame {} is not a local file: {path}",
                    f["name"]
                );
            }
        }
        b.ok("disconnect", json!({"terminateDebuggee": true}));
        let _ = std::fs::remove_file(out);
    }
}

/// Function breakpoints: their conditions are checked at the function's
/// entry from the binary's debug info. Straight to dlv an invalid condition
/// is only found when it stops the program; through the bridge it is
/// explained at set time (default mode) or withheld (strict mode), and a
/// valid condition on a parameter stops where Delve says.
#[test]
fn function_breakpoint_conditions_are_checked() {
    let dlv = support::require_dlv("function_breakpoint_conditions_are_checked");
    let invalid = [
        ("main.describe", "rnd == 3", "undefined: `rnd`"),
        ("describe", "droppedByLinker == 7", "`droppedByLinker` is not visible"),
    ];
    for strict in [false, true] {
        let mut b = Bridge::spawn(&dlv, &[]);
        b.start_exec(json!({"strictConditions": strict}));
        // Delve keeps one breakpoint per function: one request each (each
        // replaces the previous set).
        for (name, condition, want) in invalid {
            let r = b.ok("setFunctionBreakpoints", json!({"breakpoints": [{"name": name, "condition": condition}]}));
            let bp = &r["body"]["breakpoints"][0];
            let msg = bp["message"].as_str().unwrap_or_else(|| panic!("no message: {r}"));
            assert!(msg.contains("invalid condition") && msg.contains(want), "{msg}");
            assert_eq!(bp["verified"], !strict, "strict {strict}: {r}");
            let ev = b.event("breakpoint");
            assert_eq!(ev["body"]["breakpoint"]["id"], bp["id"], "{ev}");
        }
        let r = b.ok(
            "setFunctionBreakpoints",
            json!({"breakpoints": [
                {"name": "main.describe", "condition": if strict { "rnd == 3" } else { "round == 3 && u.Name == \"bob\"" }},
                {"name": "main.main", "condition": "len(os.Args) > 5"},
            ]}),
        );
        let bps = r["body"]["breakpoints"].as_array().unwrap();
        assert_eq!(bps.len(), 2, "one entry per requested breakpoint: {r}");
        assert!(bps[1].get("message").is_none(), "{r}");
        assert_eq!(bps[1]["verified"], true, "{r}");
        b.ok("configurationDone", json!({}));
        let stopped = b.try_event(&["stopped", "terminated"], Duration::from_secs(30)).unwrap();
        if strict {
            // The invalid one never reached Delve: the run ends, no stop.
            assert_eq!(bps[0]["verified"], false, "{r}");
            assert_eq!(stopped["event"], "terminated", "{stopped}");
        } else {
            assert!(bps[0].get("message").is_none(), "{r}");
            assert_eq!(stopped["body"]["reason"], "function breakpoint", "{stopped}");
            let (frame, _) = top_frame(&mut b, &stopped);
            assert_eq!(eval(&mut b, frame, "round"), "3");
        }
        b.ok("disconnect", json!({"terminateDebuggee": true}));
    }
}
