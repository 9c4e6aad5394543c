//! One process: debug sessions served at the LSP server's DAP endpoint,
//! against real dlv, and `dlvbridge dap` joining the running server of its
//! workspace.
#![cfg(unix)]

mod lsp_harness;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use lsp_harness::*;
use serde_json::{Value, json};

fn root() -> PathBuf {
    fixture().parent().unwrap().to_path_buf()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlvbridge-lspdap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn options(runtime: &Path) -> dlvbridge::lsp::Options {
    let dap = dlvbridge::dap_bridge::Config { dlv: Some(dlv()), ..Default::default() };
    dlvbridge::lsp::Options { dap, runtime_dir: Some(runtime.to_path_buf()) }
}

async fn connect(socket: &str) -> Dap<tokio::net::unix::OwnedReadHalf, tokio::net::unix::OwnedWriteHalf> {
    let stream = tokio::net::UnixStream::connect(socket).await.expect("connect to the DAP endpoint");
    let (r, w) = stream.into_split();
    Dap::new(r, w)
}

#[test]
fn a_session_at_the_endpoint_stops_at_a_breakpoint_and_agrees_with_the_lsp_side() {
    run(async {
        let rt = tempdir("session");
        let bin = tempdir("session-bin").join("orders");
        build_fixture(&bin, &[]);
        let mut lsp = Client::initialized(&root(), Value::Null, options(&rt)).await;
        let endpoint = lsp.result("dlvbridge/dapEndpoint", Value::Null).await;
        let socket = endpoint["path"].as_str().unwrap().to_string();
        let f = fixture();

        // What the LSP side says before any session: line 53 is blank.
        let verdicts = lsp
            .result(
                "dlvbridge/setBreakpoints",
                json!({"source": {"path": f}, "breakpoints": [{"line": 56, "condition": "o.ID == 2"}, {"line": 53}]}),
            )
            .await;
        assert_eq!(verdicts["breakpoints"][0]["verified"], true, "{verdicts}");
        assert_eq!(verdicts["breakpoints"][1]["verified"], false, "{verdicts}");

        for round in 1..=2 {
            // One session after another on the same endpoint.
            let mut dap = connect(&socket).await;
            let init = dap
                .request(
                    "initialize",
                    json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path"}),
                )
                .await;
            assert_eq!(init["success"], true, "{init}");
            assert_eq!(init["body"]["supportsCompletionsRequest"], true, "the bridge answers completions: {init}");
            let launch = dap
                .request("launch", json!({"mode": "exec", "program": bin, "cwd": root(), "stopOnEntry": false}))
                .await;
            assert_eq!(launch["success"], true, "{launch}");
            dap.event("initialized").await;
            let set = dap
                .request("setBreakpoints", json!({"source": {"path": f}, "breakpoints": [{"line": 56, "condition": "o.ID == 2"}, {"line": 53}]}))
                .await;
            let bps = set["body"]["breakpoints"].as_array().unwrap();
            assert_eq!(bps[0]["verified"], true, "{set}");
            // Delve agrees with the LSP side: no code on the blank line.
            assert_eq!(bps[1]["verified"], false, "{set}");
            assert_eq!(dap.request("configurationDone", json!({})).await["success"], true);
            let stopped = dap.event("stopped").await;
            assert_eq!(stopped["body"]["reason"], "breakpoint", "round {round}: {stopped}");
            let thread = stopped["body"]["threadId"].as_i64().unwrap();
            let trace = dap.request("stackTrace", json!({"threadId": thread, "levels": 1})).await;
            let frame = &trace["body"]["stackFrames"][0];
            assert_eq!(frame["line"], 56, "{trace}");
            let value = dap
                .request("evaluate", json!({"expression": "o.ID", "frameId": frame["id"], "context": "watch"}))
                .await;
            assert_eq!(value["body"]["result"], "2", "the condition held at the stop: {value}");
            let done = dap.request("disconnect", json!({"terminateDebuggee": true})).await;
            assert_eq!(done["success"], true, "{done}");
        }
        lsp.shutdown().await;
        assert!(!Path::new(&socket).exists(), "the socket outlived the server");
    });
}

fn dap_command(runtime: &Path, cwd: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_dlvbridge"));
    // No dlv reachable: standing alone, `dlvbridge dap` cannot start a session.
    cmd.arg("dap")
        .current_dir(cwd)
        .env("XDG_RUNTIME_DIR", runtime)
        .env("PATH", "/usr/bin:/bin")
        .env_remove("DLV_PATH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

#[test]
fn dlvbridge_dap_joins_the_running_server_of_its_workspace() {
    run(async {
        let rt = tempdir("join");
        let mut lsp = Client::initialized(&root(), Value::Null, options(&rt)).await;
        lsp.result("dlvbridge/dapEndpoint", Value::Null).await;

        // Started in a folder of the workspace, without any dlv of its own:
        // the session is the LSP process's (which has one).
        let sub = root();
        let mut child = dap_command(&rt, &sub).spawn().unwrap();
        let mut dap = Dap::new(child.stdout.take().unwrap(), child.stdin.take().unwrap());
        let init =
            dap.request("initialize", json!({"adapterID": "go", "linesStartAt1": true, "pathFormat": "path"})).await;
        assert_eq!(init["success"], true, "{init}");
        assert_eq!(init["body"]["supportsCompletionsRequest"], true, "{init}");
        let done = dap.request("disconnect", json!({})).await;
        assert_eq!(done["success"], true, "{done}");
        drop(dap);
        let out = tokio::time::timeout(DEADLINE, child.wait_with_output())
            .await
            .expect("the joined dap ends with its session")
            .unwrap();
        assert!(out.status.success(), "{}: {}", out.status, String::from_utf8_lossy(&out.stderr));

        // Another workspace has no server: standalone, and here without dlv.
        let elsewhere = tempdir("join-elsewhere");
        let out = tokio::time::timeout(DEADLINE, dap_command(&rt, &elsewhere).output()).await.unwrap().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("dlv not found"), "{}: {err}", out.status);
        lsp.shutdown().await;

        // A discovery file left by a server that died is ignored and removed.
        let discovery_dir = std::fs::read_dir(&rt)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name().unwrap().to_string_lossy().starts_with("dlvbridge-")
                    && p.is_dir()
                    && !p.join("dap.sock").exists()
            })
            .expect("the discovery directory");
        let canonical = root().canonicalize().unwrap();
        let mut lsp = Client::initialized(&root(), Value::Null, options(&rt)).await;
        lsp.result("dlvbridge/dapEndpoint", Value::Null).await;
        let file = std::fs::read_dir(&discovery_dir).unwrap().next().unwrap().unwrap().path();
        lsp.shutdown().await;
        let stale = json!({"root": canonical, "socket": rt.join("gone/dap.sock"), "pid": 1});
        std::fs::write(&file, stale.to_string()).unwrap();
        let out = tokio::time::timeout(DEADLINE, dap_command(&rt, &sub).output()).await.unwrap().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains("dlv not found"), "{}: {err}", out.status);
        assert!(!file.exists(), "the stale discovery file was kept");
    });
}

/// Completion labels of a response, with their details.
fn labels(result: &Value) -> Vec<String> {
    let items = result["items"].as_array().or(result.as_array()).cloned().unwrap_or_default();
    items.iter().map(|i| format!("{} {}", i["label"].as_str().unwrap(), i["detail"].as_str().unwrap_or("-"))).collect()
}

/// Asks `method` until `done` accepts the answer (the session's reports
/// reach the state owner a moment after the DAP client hears of them).
async fn until(lsp: &mut Client, what: &str, method: &str, params: Value, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + DEADLINE;
    loop {
        let r = lsp.result(method, params.clone()).await;
        if done(&r) {
            return r;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what}: still {r}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn hover_text(r: &Value) -> String {
    r["contents"]["value"].as_str().unwrap_or("null").replace('\n', " ")
}

#[test]
fn a_session_at_the_endpoint_feeds_the_same_lsp_connection_until_it_ends() {
    run(async {
        let rt = tempdir("live");
        let bin = tempdir("live-bin").join("orders");
        build_fixture(&bin, &[]);
        let mut lsp = Client::initialized(&root(), Value::Null, options(&rt)).await;
        let socket = lsp.result("dlvbridge/dapEndpoint", Value::Null).await["path"].as_str().unwrap().to_string();
        let f = fixture();
        let go = file_uri(&f);
        lsp.open(&go, "go", 1, &std::fs::read_to_string(&f).unwrap()).await;

        // Outside any session: the editor's own breakpoint, on a blank line.
        lsp.result("dlvbridge/setBreakpoints", json!({"source": {"path": f}, "breakpoints": [{"line": 53}]})).await;
        let own = render_diagnostics(&lsp.diagnostics(&go, None).await);
        expect_test::expect![[r#"
            52:0-52:0 error breakpoint: this breakpoint will not bind: line 53 is blank: no code to stop at
        "#]]
        .assert_eq(&own);
        // A condition for line 56, where `via` is a `Shipper` interface:
        // the sources cannot know what it holds.
        let cond = condition_uri(&f, 56, "condition");
        lsp.open(&cond, "go-breakpoint", 1, "via.").await;
        let members = json!({"textDocument": {"uri": cond}, "position": pos(0, 4)});
        let statically = lsp.result("textDocument/completion", members.clone()).await;
        assert_eq!(labels(&statically), Vec::<String>::new(), "{statically}");
        let go_line = at(&go, 55, 0);

        let mut dap = connect(&socket).await;
        let init = json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path", "supportsVariableType": true});
        assert_eq!(dap.request("initialize", init).await["success"], true);
        let launch = dap.request("launch", json!({"mode": "exec", "program": bin, "cwd": root()})).await;
        assert_eq!(launch["success"], true, "{launch}");
        dap.event("initialized").await;
        let bad = json!([{"line": 56, "condition": "o.Custmer.Name == \"x\""}]);
        let set = dap.request("setBreakpoints", json!({"source": {"path": f}, "breakpoints": bad})).await;
        let told = set["body"]["breakpoints"][0]["message"].as_str().unwrap().to_string();
        assert!(told.contains("did you mean `Customer`"), "{set}");

        // The session's breakpoints are the file's now: the bridge's verdict,
        // word for word, and not the editor's own blank-line one.
        let shown = lsp
            .wait_for("the session's verdict in the Go file", |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == go.as_str()
                    && n["params"]["diagnostics"][0]["message"] == told.as_str()
            })
            .await;
        let shown = &shown["params"]["diagnostics"];
        assert_eq!(shown.as_array().unwrap().len(), 1, "{shown}");
        assert_eq!((shown[0]["severity"].as_i64(), shown[0]["range"]["start"]["line"].as_i64()), (Some(1), Some(55)));

        assert_eq!(dap.request("configurationDone", json!({})).await["success"], true);
        let stopped = dap.event("stopped").await;
        let thread = stopped["body"]["threadId"].as_i64().unwrap();
        let trace = dap.request("stackTrace", json!({"threadId": thread, "levels": 1})).await;
        let frame = &trace["body"]["stackFrames"][0];
        assert_eq!(frame["line"], 56, "{trace}");
        // Ground truth: what Delve says in the stopped frame.
        let truth = |expression: &str| json!({"expression": expression, "frameId": frame["id"], "context": "hover"});
        let company = dap.request("evaluate", truth("via.Company")).await;
        let held = dap.request("evaluate", truth("via")).await;
        assert_eq!(company["body"]["result"], "\"post\"", "{company}");

        // Stopped at the line: the members of what `via` holds now.
        let live = until(&mut lsp, "live completion", "textDocument/completion", members.clone(), |r| {
            labels(r).iter().any(|l| l.starts_with("Company"))
        })
        .await;
        expect_test::expect![[r#"
            Company  string  filter=via.Company  edit 0:0-0:4="via.Company"
        "#]]
        .assert_eq(&render_completion(&live, 10));
        // In the Go file's breakpoint box too; `via` itself as declared.
        let line_items = labels(&lsp.result("textDocument/completion", go_line.clone()).await);
        for want in ["via main.Shipper", "via.Company string"] {
            assert!(line_items.contains(&want.to_string()), "{want} not in {line_items:?}");
        }
        // Hover: Delve's type and value now.
        lsp.change(&cond, 2, "via.Company == \"post\"").await;
        let on_company = hover_text(&lsp.result("textDocument/hover", at(&cond, 0, 6)).await);
        let on_via = hover_text(&lsp.result("textDocument/hover", at(&cond, 0, 1)).await);
        for (hover, truth) in [(&on_company, &company), (&on_via, &held)] {
            let value = truth["body"]["result"].as_str().unwrap();
            assert!(hover.contains(&format!("now: `{value}`")), "{hover} lacks {truth}");
        }
        expect_test::expect![[r#"
            ```go via.Company string ``` now: `"post"`
            ```go via main.Shipper(*main.Courier) ``` now: `main.Shipper(*main.Courier) *{Company: "post"}`
        "#]]
        .assert_eq(&format!("{on_company}\n{on_via}\n"));

        lsp.discard_notifications();
        let done = dap.request("disconnect", json!({"terminateDebuggee": true})).await;
        assert_eq!(done["success"], true, "{done}");
        drop(dap);

        // Gone with the session: the editor's own breakpoints are in force
        // again, and the answers are static.
        let back = lsp
            .wait_for("the editor's own breakpoints again", |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == go.as_str()
                    && render_diagnostics(&n["params"]["diagnostics"]) == own
            })
            .await;
        assert_eq!(render_diagnostics(&back["params"]["diagnostics"]), own);
        lsp.change(&cond, 3, "via.").await;
        let after =
            until(&mut lsp, "static completion", "textDocument/completion", members, |r| labels(r).is_empty()).await;
        assert_eq!(labels(&after), Vec::<String>::new(), "{after}");
        let line_items = lsp.result("textDocument/completion", go_line).await;
        assert!(!labels(&line_items).iter().any(|l| l.starts_with("via.Company")), "{line_items}");
        lsp.change(&cond, 4, "via.Company == \"post\"").await;
        let hover = hover_text(&lsp.result("textDocument/hover", at(&cond, 0, 6)).await);
        assert!(!hover.contains("now:"), "{hover}");
        lsp.shutdown().await;
    });
}

#[test]
fn clients_at_the_endpoint_at_once_get_a_session_each() {
    run(async {
        let rt = tempdir("overlap");
        let mut lsp = Client::initialized(&root(), Value::Null, options(&rt)).await;
        let socket = lsp.result("dlvbridge/dapEndpoint", Value::Null).await["path"].as_str().unwrap().to_string();
        let init = json!({"adapterID": "go", "linesStartAt1": true, "pathFormat": "path"});
        let mut first = connect(&socket).await;
        assert_eq!(first.request("initialize", init.clone()).await["success"], true);
        // The first session is still open: the second is served beside it.
        let mut second = connect(&socket).await;
        assert_eq!(second.request("initialize", init).await["success"], true);
        for dap in [&mut second, &mut first] {
            let done = dap.request("disconnect", json!({})).await;
            assert_eq!(done["success"], true, "{done}");
        }
        lsp.shutdown().await;
    });
}
