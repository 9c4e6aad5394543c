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
        let status =
            tokio::time::timeout(DEADLINE, child.wait()).await.expect("the joined dap ends with its session").unwrap();
        assert!(status.success(), "{status}");

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
