//! `dlvbridge lsp` in process: every method and the bad inputs of the
//! issue, over in-memory streams, with snapshot assertions (expect-test,
//! `UPDATE_EXPECT=1` rewrites them).

mod lsp_harness;

use std::path::{Path, PathBuf};
use std::time::Duration;

use expect_test::expect;
use lsp_harness::*;
use serde_json::{Value, json};

fn root() -> PathBuf {
    fixture().parent().unwrap().to_path_buf()
}

/// A server initialized on the fixture's folder, with a private runtime
/// directory for its DAP endpoint.
async fn server(runtime: &Path) -> Client {
    let options = dlvbridge::lsp::Options { runtime_dir: Some(runtime.to_path_buf()), ..Default::default() };
    Client::initialized(&root(), Value::Null, options).await
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dlvbridge-lsp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Opens a condition document and returns its first diagnostics.
async fn open_condition(c: &mut Client, line: u32, kind: &str, text: &str) -> (String, String) {
    let uri = condition_uri(&fixture(), line, kind);
    c.open(&uri, "go-breakpoint", 1, text).await;
    let d = c.diagnostics(&uri, Some(1)).await;
    (uri, render_diagnostics(&d))
}

#[test]
fn initialize_announces_the_methods() {
    run(async {
        let rt = tempdir("init");
        let mut c = Client::start(dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() });
        let params = c.initialize_params(&root(), Value::Null);
        let r = c.result("initialize", params).await;
        expect![[r#"
            {
              "capabilities": {
                "codeActionProvider": {
                  "codeActionKinds": [
                    "quickfix"
                  ]
                },
                "completionProvider": {
                  "triggerCharacters": [
                    ".",
                    "{"
                  ]
                },
                "experimental": {
                  "dlvbridge": {
                    "conditionScheme": "go-breakpoint",
                    "requests": [
                      "dlvbridge/setBreakpoints",
                      "dlvbridge/pathMappings",
                      "dlvbridge/dapEndpoint"
                    ]
                  }
                },
                "hoverProvider": true,
                "textDocumentSync": {
                  "change": 1,
                  "openClose": true,
                  "save": true
                }
              },
              "serverInfo": {
                "name": "dlvbridge",
                "version": "0.1.0"
              }
            }"#]]
        .assert_eq(&serde_json::to_string_pretty(&r).unwrap());
        c.notify("initialized", json!({})).await;
        c.shutdown().await;
    });
}

#[test]
fn requests_before_initialize_and_after_shutdown_are_refused() {
    run(async {
        let rt = tempdir("lifecycle");
        let mut c = Client::start(dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() });
        let uri = condition_uri(&fixture(), 56, "condition");
        let before = [
            render_error(&c.request("textDocument/completion", at(&uri, 0, 0)).await),
            render_error(&c.request("dlvbridge/dapEndpoint", Value::Null).await),
            render_error(&c.request("dlvbridge/setBreakpoints", json!({"source": {"path": "/x.go"}})).await),
        ];
        expect![[r#"
            -32002: Server not initialized
            -32002: Server not initialized
            -32002: Server not initialized"#]]
        .assert_eq(&before.join("\n"));

        let params = c.initialize_params(&root(), Value::Null);
        c.result("initialize", params.clone()).await;
        c.notify("initialized", json!({})).await;
        expect!["-32600: Invalid request"].assert_eq(&render_error(&c.request("initialize", params).await));
        c.result("shutdown", Value::Null).await;
        let after = [
            render_error(&c.request("textDocument/completion", at(&uri, 0, 0)).await),
            render_error(&c.request("dlvbridge/dapEndpoint", Value::Null).await),
            render_error(&c.request("shutdown", Value::Null).await),
        ];
        expect![[r#"
            -32600: Invalid request
            -32600: Invalid request
            -32600: Invalid request"#]]
        .assert_eq(&after.join("\n"));
        c.notify("exit", Value::Null).await;
        tokio::time::timeout(DEADLINE, c.server).await.expect("the server stops after exit").unwrap();
    });
}

#[test]
fn condition_diagnostics_as_you_type() {
    run(async {
        let rt = tempdir("diags");
        let mut c = server(&rt).await;
        let (uri, first) = open_condition(&mut c, 56, "condition", "o.Custmer.Name == \"alice\"").await;
        expect![[r#"
            0:2-0:9 error no-member: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
        "#]]
        .assert_eq(&first);

        // Typing fast: only the newest text's diagnostics matter, and they come last.
        for (v, text) in
            [(2, "o.Customer"), (3, "o.Customer.Name =="), (4, "total > 99.5"), (5, "o.ID == 1 && len(o.Items) > 0")]
        {
            c.change(&uri, v, text).await;
        }
        let newest = c.diagnostics(&uri, Some(5)).await;
        expect!["(none)\n"].assert_eq(&render_diagnostics(&newest));
        let later: Vec<Value> = c.later().await;
        assert!(
            later.iter().all(|n| n["params"]["uri"] != uri.as_str()),
            "diagnostics of an older text arrived after the newest: {later:#?}"
        );

        c.change(&uri, 6, "total > 99.5").await;
        let d = c.diagnostics(&uri, Some(6)).await;
        expect![[r#"
            0:8-0:12 error bad-constant: can not convert 99.5 constant to main.Money
        "#]]
        .assert_eq(&render_diagnostics(&d));

        let (_, hit) = open_condition(&mut c, 56, "hitCondition", ">> 3").await;
        expect![[r#"
            0:0-0:2 error bad-form: invalid hit-condition operator `>>`; use ==, !=, >, >=, <, <= or %
        "#]]
        .assert_eq(&hit);
        let (_, log) = open_condition(&mut c, 56, "logMessage", "order {o.ID} for {o.Custmer.Name").await;
        expect![[r#"
            0:17-0:32 error bad-form: unclosed `{` in log message
        "#]]
        .assert_eq(&log);

        // Closing a condition document clears its diagnostics.
        c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
        let cleared = c.diagnostics(&uri, None).await;
        expect!["(none)\n"].assert_eq(&render_diagnostics(&cleared));
        c.shutdown().await;
    });
}

#[test]
fn condition_completion_replaces_the_whole_dotted_expression() {
    run(async {
        let rt = tempdir("complete");
        let mut c = server(&rt).await;
        let cases = [
            ("condition", "o.Cu", 4),
            ("condition", "o.Customer.", 11),
            ("condition", "total > 0 && o.Customer.Na == \"x\"", 26),
            ("condition", "to", 2),
            ("logMessage", "order {o.I} of {la", 10),
            ("logMessage", "order {o.I} of {la", 18),
            ("logMessage", "order {o.I} of {la", 4),
            ("hitCondition", "> ", 2),
        ];
        let mut out = String::new();
        for (i, (kind, text, cursor)) in cases.iter().enumerate() {
            let uri = condition_uri(&fixture(), 56, kind).replace("line=", &format!("n={i}&line="));
            c.open(&uri, "go-breakpoint", 1, text).await;
            let r = c.complete(at(&uri, 0, *cursor)).await;
            out += &format!("{kind} {text:?} at {cursor}:\n{}", render_completion(&r, 8));
        }
        expect![[r#"
            condition "o.Cu" at 4:
            Customer  *main.Customer  filter=o.Customer  edit 0:0-0:4="o.Customer"
            condition "o.Customer." at 11:
            Address  *main.Address  filter=o.Customer.Address  edit 0:0-0:11="o.Customer.Address"
            Email  string  filter=o.Customer.Email  edit 0:0-0:11="o.Customer.Email"
            Name  string  filter=o.Customer.Name  edit 0:0-0:11="o.Customer.Name"
            Tags  []string  filter=o.Customer.Tags  edit 0:0-0:11="o.Customer.Tags"
            condition "total > 0 && o.Customer.Na == \"x\"" at 26:
            Name  string  filter=o.Customer.Name  edit 0:13-0:26="o.Customer.Name"
            condition "to" at 2:
            total  main.Money  edit 0:0-0:2="total"
            logMessage "order {o.I} of {la" at 10:
            ID  int  filter=o.ID  edit 0:7-0:10="o.ID"
            Items  []main.Item  filter=o.Items  edit 0:7-0:10="o.Items"
            logMessage "order {o.I} of {la" at 18:
            label  string  edit 0:16-0:18="label"
            logMessage "order {o.I} of {la" at 4:
            null
            hitCondition "> " at 2:
            null
        "#]]
        .assert_eq(&out);
        c.shutdown().await;
    });
}

#[test]
fn hover_shows_the_type_of_the_path_under_the_cursor() {
    run(async {
        let rt = tempdir("hover");
        let mut c = server(&rt).await;
        let (uri, _) = open_condition(&mut c, 56, "condition", "o.Customer.Name == label && o.Custmer != nil").await;
        let mut out = String::new();
        for character in [0, 4, 12, 20, 31, 15, 44] {
            let r = c.result("textDocument/hover", at(&uri, 0, character)).await;
            let shown = if r.is_null() {
                "null".to_string()
            } else {
                format!("{} {}", r["contents"]["value"].as_str().unwrap().replace('\n', " "), r["range"])
            };
            out += &format!("{character}: {shown}\n");
        }
        expect![[r#"
            0: ```go o *main.Order ``` {"end":{"character":1,"line":0},"start":{"character":0,"line":0}}
            4: ```go o.Customer *main.Customer ``` {"end":{"character":10,"line":0},"start":{"character":0,"line":0}}
            12: ```go o.Customer.Name string ``` {"end":{"character":15,"line":0},"start":{"character":0,"line":0}}
            20: ```go label string ``` {"end":{"character":24,"line":0},"start":{"character":19,"line":0}}
            31: `o.Custmer`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`? {"end":{"character":37,"line":0},"start":{"character":28,"line":0}}
            15: ```go o.Customer.Name string ``` {"end":{"character":15,"line":0},"start":{"character":0,"line":0}}
            44: ```go nil untyped nil ``` {"end":{"character":44,"line":0},"start":{"character":41,"line":0}}
        "#]].assert_eq(&out);
        c.shutdown().await;
    });
}

#[test]
fn code_actions_are_the_engine_fixes() {
    run(async {
        let rt = tempdir("actions");
        let mut c = server(&rt).await;
        let mut out = String::new();
        for (line, text) in [
            (56, "o.Custmer.Name == \"alice\""),
            (56, "total == Money(5)"),
            (56, "o.Customer.Name == \"alice\""),
            (56, "o.ID == 1"),
        ] {
            let (uri, _) = open_condition(&mut c, line, "condition", text).await;
            let range = json!({"start": pos(0, 0), "end": pos(0, text.len() as u32)});
            let r = c
                .result(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
                )
                .await;
            out += &format!("{text}:\n");
            for a in r.as_array().unwrap() {
                let edits = &a["edit"]["changes"][&uri];
                let edits: Vec<String> = edits
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}:{}-{}:{}={:?}",
                            e["range"]["start"]["line"],
                            e["range"]["start"]["character"],
                            e["range"]["end"]["line"],
                            e["range"]["end"]["character"],
                            e["newText"].as_str().unwrap()
                        )
                    })
                    .collect();
                out += &format!(
                    "  {} [{}] {}\n",
                    a["title"].as_str().unwrap(),
                    a["kind"].as_str().unwrap(),
                    edits.join(" ")
                );
            }
        }
        expect![[r#"
            o.Custmer.Name == "alice":
              did you mean `Customer`? [quickfix] 0:2-0:9="Customer"
            total == Money(5):
              use `main.Money` [quickfix] 0:9-0:14="main.Money"
            o.Customer.Name == "alice":
              guard with `o.Customer != nil` [quickfix] 0:0-0:0="o.Customer != nil && "
            o.ID == 1:
        "#]]
        .assert_eq(&out);
        c.shutdown().await;
    });
}

#[test]
fn bad_condition_uris_get_one_diagnostic_each() {
    run(async {
        let rt = tempdir("baduris");
        let dir = tempdir("baduris-files");
        std::fs::write(dir.join("notes.txt"), "hello\n").unwrap();
        let mut c = server(&rt).await;
        let f = fixture();
        let uris = [
            format!("go-breakpoint://{}", f.display()),
            format!("go-breakpoint://{}?line=0", f.display()),
            format!("go-breakpoint://{}?line=abc", f.display()),
            format!("go-breakpoint://{}?line=3&kind=watch", f.display()),
            format!("go-breakpoint://{}?line=9999", f.display()),
            format!("go-breakpoint://{}?line=2", dir.join("missing.go").display()),
            format!("go-breakpoint://{}?line=1", dir.join("notes.txt").display()),
            "go-breakpoint:main.go?line=3".to_string(),
            "untitled:Untitled-1".to_string(),
            "https://example.com/main.go?line=3".to_string(),
        ];
        let mut out = String::new();
        for (i, uri) in uris.iter().enumerate() {
            c.open(uri, "go-breakpoint", 1, "x > 1").await;
            let d = c.diagnostics(uri, Some(1)).await;
            let r = c.complete(at(uri, 0, 1)).await;
            let h = c.result("textDocument/hover", at(uri, 0, 0)).await;
            out += &format!(
                "{i}: {}   completion {} hover {}\n",
                render_diagnostics(&d).trim_end(),
                if r.is_null() { "null" } else { "items" },
                h
            );
        }
        let out = out.replace(&dir.display().to_string(), "TMP").replace(&f.display().to_string(), "FIXTURE");
        expect![[r#"
            0: 0:0-0:5 error bad-uri: no line in the URI; expected go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition|hitCondition|logMessage   completion null hover null
            1: 0:0-0:5 error bad-uri: invalid line "0": a line number counts from 1   completion null hover null
            2: 0:0-0:5 error bad-uri: invalid line "abc": a line number counts from 1   completion null hover null
            3: 0:0-0:5 error bad-uri: unknown kind "watch": use condition, hitCondition or logMessage   completion null hover null
            4: 0:0-0:5 error no-location: cannot check it here: line 9999 is outside FIXTURE, which has 68 lines   completion null hover null
            5: 0:0-0:5 error no-location: cannot check it here: cannot read TMP/missing.go: no such file or directory   completion null hover null
            6: 0:0-0:5 error no-location: cannot check it here: TMP/notes.txt is not a go source file   completion null hover null
            7: 0:0-0:5 error bad-uri: the file path main.go is not absolute; expected go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition|hitCondition|logMessage   completion null hover null
            8: 0:0-0:5 error bad-uri: a breakpoint text needs a URI like go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition, not the scheme "untitled"   completion null hover null
            9: 0:0-0:5 error bad-uri: a breakpoint text needs a URI like go-breakpoint:///ABS/PATH/file.go?line=N&kind=condition, not the scheme "https"   completion null hover null
        "#]].assert_eq(&out);
        c.shutdown().await;
    });
}

#[test]
fn huge_documents_and_odd_positions_never_break_the_server() {
    run(async {
        let rt = tempdir("huge");
        let mut c = server(&rt).await;
        // A one-megabyte condition document.
        let huge = "o.ID == 1 && ".repeat((1 << 20) / 13) + "true";
        let (uri, d) = open_condition(&mut c, 56, "condition", &huge).await;
        let r = c.complete(at(&uri, 0, 5)).await;
        let h = c.result("textDocument/hover", at(&uri, 0, 1)).await;
        expect![[r#"
            0:0-0:65536 error too-long: this breakpoint text is 1048571 bytes long; dlvbridge reads at most 65536 (Delve expects one expression)
            completion null hover null
        "#]].assert_eq(&format!("{d}completion {r} hover {h}\n"));

        // Deep nesting just under the size limit (the checker runs on a worker's stack).
        let deep = "(".repeat(30_000) + "o.ID == 1" + &")".repeat(30_000);
        let (_, d) = open_condition(&mut c, 56, "condition", &deep).await;
        expect![[r#"
            (none)
        "#]]
        .assert_eq(&d);

        // Positions past the end of a line, past the last line, and inside a
        // UTF-16 surrogate pair: clamped, never a crash.
        let (uri, _) = open_condition(&mut c, 56, "condition", "\"😀\" == o.Cu").await;
        let mut out = String::new();
        for (line, character) in [(0, 2), (0, 3), (0, 12), (0, 999), (5, 0), (u32::MAX, u32::MAX)] {
            let r = c.complete(at(&uri, line, character)).await;
            let h = c.result("textDocument/hover", at(&uri, line, character)).await;
            out += &format!(
                "{line}:{character}: {}  hover {}\n",
                render_completion(&r, 2).trim_end().replace('\n', " | "),
                h["contents"]["value"]
            );
        }
        expect![[r#"
            0:2: label  string  edit 0:1-0:1="label" | o  *main.Order  edit 0:1-0:1="o" | … 19 items in all  hover null
            0:3: label  string  edit 0:3-0:3="label" | o  *main.Order  edit 0:3-0:3="o" | … 19 items in all  hover null
            0:12: Customer  *main.Customer  filter=o.Customer  edit 0:8-0:12="o.Customer"  hover "`o.Cu`: `o` (type *main.Order) has no field or method `Cu`"
            0:999: Customer  *main.Customer  filter=o.Customer  edit 0:8-0:12="o.Customer"  hover "`o.Cu`: `o` (type *main.Order) has no field or method `Cu`"
            5:0: Customer  *main.Customer  filter=o.Customer  edit 0:8-0:12="o.Customer"  hover "`o.Cu`: `o` (type *main.Order) has no field or method `Cu`"
            4294967295:4294967295: Customer  *main.Customer  filter=o.Customer  edit 0:8-0:12="o.Customer"  hover "`o.Cu`: `o` (type *main.Order) has no field or method `Cu`"
        "#]].assert_eq(&out);

        // A one-megabyte Go file: character-0 completion still answers.
        let dir = tempdir("huge-go");
        let mut go = String::from("package main\n\nfunc main() {\n\tn := 1\n");
        while go.len() < 1 << 20 {
            go += "\tn = n + 1 // padding to make the file big enough to matter\n";
        }
        go += "}\n";
        let file = dir.join("main.go");
        std::fs::write(&file, &go).unwrap();
        let uri = file_uri(&file);
        c.open(&uri, "go", 1, &go).await;
        let r = c.complete(at(&uri, 5, 0)).await;
        expect![[r#"
            n  int
            cap  -  insert="cap("
            complex  -  insert="complex("
            … 8 items in all
        "#]]
        .assert_eq(&render_completion(&r, 3));
        c.shutdown().await;
    });
}

#[test]
fn go_files_complete_only_at_character_zero() {
    run(async {
        let rt = tempdir("golines");
        let mut c = server(&rt).await;
        let uri = file_uri(&fixture());
        let text = std::fs::read_to_string(fixture()).unwrap();
        c.open(&uri, "go", 1, &text).await;
        let r = c.complete(at(&uri, 55, 0)).await;
        let items = r["items"].as_array().unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
        for expected in ["o", "o.Customer", "o.Customer.Name", "o.Customer.Address", "total", "label", "via", "len"] {
            assert!(labels.contains(&expected), "{expected} missing from {labels:?}");
        }
        let shown: Vec<&Value> = items
            .iter()
            .filter(|i| i["label"].as_str().unwrap().starts_with("o.Cu") || i["label"] == "o" || i["label"] == "len")
            .collect();
        expect![[r#"
            o  *main.Order
            o.Customer  *main.Customer
            o.Customer.Address  *main.Address
            o.Customer.Email  string
            o.Customer.Name  string
            o.Customer.Tags  []string
            len  -  insert="len("
        "#]]
        .assert_eq(&render_completion(&json!(shown), 40));
        // The answer follows the editor's text (it is cached per version).
        let again = c.complete(at(&uri, 55, 0)).await;
        assert_eq!(again, r, "the same text and line, the same answer");
        c.change(&uri, 2, &text.replace("\tlabel := strings", "\tlbl := strings")).await;
        let edited = c.complete(at(&uri, 55, 0)).await;
        let labels: Vec<&str> =
            edited["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
        assert!(labels.contains(&"lbl") && !labels.contains(&"label"), "{labels:?}");

        // Anywhere else in a Go file: nothing (gopls owns normal editing).
        for (line, character) in [(55, 1), (55, 8), (55, 999), (9999, 0)] {
            let r = c.complete(at(&uri, line, character)).await;
            assert!(r.is_null(), "completion at {line}:{character}: {r}");
        }
        c.shutdown().await;
    });
}

#[test]
fn set_breakpoints_gives_verdicts_and_diagnostics_on_their_lines() {
    run(async {
        let rt = tempdir("bps");
        let mut c = server(&rt).await;
        let f = fixture();
        let uri = file_uri(&f);
        let args = json!({"source": {"path": f}, "breakpoints": [
            {"line": 56, "condition": "o.Custmer.Name == \"alice\""},
            {"line": 56, "condition": "o.Customer.Name == \"alice\"", "hitCondition": "> 2"},
            {"line": 54, "logMessage": "total={total} label={label}"},
            {"line": 53, "condition": "total > 0"},
            {"line": 5},
            {"line": 50, "hitCondition": "every 3", "condition": "o.ID"},
            {"line": 9999},
            {"line": 0},
        ]});
        let r = c.result("dlvbridge/setBreakpoints", args).await;
        let d = c.diagnostics(&uri, None).await;
        let verdicts: Vec<String> = r["breakpoints"].as_array().unwrap().iter().map(|b| b.to_string()).collect();
        let out =
            format!("{}\n{}", verdicts.join("\n"), render_diagnostics(&d)).replace(&f.display().to_string(), "FIXTURE");
        expect![[r#"
            {"message":"invalid condition `o.Custmer.Name == \"alice\"`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?","verified":false}
            {"verified":true}
            {"message":"invalid log message `total={total} label={label}`: `label` is declared on this line (line 54); Delve sees it only from the next line","verified":false}
            {"message":"this breakpoint will not bind: line 53 is blank: no code to stop at","verified":false}
            {"message":"this breakpoint will not bind: line 5 is in an import declaration: no code to stop at","verified":false}
            {"message":"invalid condition `o.ID`: a condition must be boolean, but `o.ID` is of type int","verified":false}
            {"message":"line 9999 is past the end of FIXTURE (69 lines)","verified":false}
            {"message":"invalid line 0: lines count from 1","verified":false}
            55:1-55:98 error breakpoint: invalid condition `o.Custmer.Name == "alice"`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
            55:1-55:98 warning breakpoint: condition `o.Customer.Name == "alice"`: if `o.Customer` is nil, Delve stops with a nil pointer dereference; guard with `o.Customer != nil && …`
            53:1-53:53 error breakpoint: invalid log message `total={total} label={label}`: `label` is declared on this line (line 54); Delve sees it only from the next line
            52:0-52:0 error breakpoint: this breakpoint will not bind: line 53 is blank: no code to stop at
            4:0-4:8 error breakpoint: this breakpoint will not bind: line 5 is in an import declaration: no code to stop at
            49:1-49:29 error breakpoint: invalid condition `o.ID`: a condition must be boolean, but `o.ID` is of type int
            49:1-49:29 warning breakpoint: hit condition `every 3`: Delve reads this hit condition as ` 3` and ignores the rest
        "#]].assert_eq(&out);

        // The Go file is edited in the editor: the verdicts follow its text.
        let text = std::fs::read_to_string(&f).unwrap().replace("\tlabel := strings", "\tlbl := strings");
        c.open(&uri, "go", 1, &text).await;
        let d = c.diagnostics(&uri, None).await;
        expect![[r#"
            55:1-55:98 error breakpoint: invalid condition `o.Custmer.Name == "alice"`: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
            55:1-55:98 warning breakpoint: condition `o.Customer.Name == "alice"`: if `o.Customer` is nil, Delve stops with a nil pointer dereference; guard with `o.Customer != nil && …`
            53:1-53:51 error breakpoint: invalid log message `total={total} label={label}`: undefined: `label` is not visible at this line
            52:0-52:0 error breakpoint: this breakpoint will not bind: line 53 is blank: no code to stop at
            4:0-4:8 error breakpoint: this breakpoint will not bind: line 5 is in an import declaration: no code to stop at
            49:1-49:29 error breakpoint: invalid condition `o.ID`: a condition must be boolean, but `o.ID` is of type int
            49:1-49:29 warning breakpoint: hit condition `every 3`: Delve reads this hit condition as ` 3` and ignores the rest
        "#]].assert_eq(&render_diagnostics(&d));

        // Replacing the file's breakpoints with none clears them.
        let r = c.result("dlvbridge/setBreakpoints", json!({"source": {"path": f}, "breakpoints": []})).await;
        let d = c.diagnostics(&uri, None).await;
        expect![[r#"
            {"breakpoints":[]}
            (none)
        "#]]
        .assert_eq(&format!("{r}\n{}", render_diagnostics(&d)));

        let bad = [
            json!({"source": {"path": "relative/main.go"}, "breakpoints": []}),
            json!({"breakpoints": [{"line": 3}]}),
            json!({"source": {"path": "/nonexistent/main.go"}, "breakpoints": [{"line": 3, "condition": "x"}]}),
        ];
        let mut out = String::new();
        for args in bad {
            let r = c.request("dlvbridge/setBreakpoints", args).await;
            out += &format!("{}\n", if r.get("error").is_some() { render_error(&r) } else { r["result"].to_string() });
        }
        expect![[r#"
            -32602: source.path "relative/main.go" is not an absolute path
            -32602: missing field `source`
            {"breakpoints":[{"message":"cannot read /nonexistent/main.go","verified":false}]}
        "#]]
        .assert_eq(&out);
        c.shutdown().await;
    });
}

#[test]
fn path_mappings_infers_the_rules_of_a_foreign_build() {
    run(async {
        let rt = tempdir("paths");
        let out_dir = tempdir("paths-bin");
        let bin = out_dir.join("orders");
        let src = root();
        build_fixture(
            &bin,
            &[
                &format!("-gcflags=all=-trimpath={}=>/app", src.display()),
                &format!("-asmflags=all=-trimpath={}=>/app", src.display()),
            ],
        );
        let mut c = server(&rt).await;
        let r = c.result("dlvbridge/pathMappings", json!({"program": bin, "cwd": src})).await;
        let rules: Vec<String> = r["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} => {}  ({})",
                    r["from"].as_str().unwrap(),
                    r["to"].as_str().unwrap(),
                    r["why"].as_str().unwrap()
                )
            })
            .collect();
        let main_rule = rules
            .iter()
            .find(|r| r.contains("=> /app"))
            .cloned()
            .unwrap_or_default()
            .replace(&src.display().to_string(), "FIXTURE");
        expect!["FIXTURE => /app  (build root: main module example.com/lsporders was built at /app (1 file match by path suffix))"].assert_eq(&main_rule);
        assert!(r["unmapped"].as_array().unwrap().iter().all(|u| !u.as_str().unwrap().starts_with("/app")), "{r}");

        let bad = [
            json!({"program": "no-such-binary", "cwd": src}),
            json!({"program": bin, "cwd": "/no/such/dir"}),
            json!({"program": src.join("main.go"), "cwd": src}),
            json!({"cwd": src}),
        ];
        let mut out = String::new();
        for args in bad {
            out += &format!("{}\n", render_error(&c.request("dlvbridge/pathMappings", args).await));
        }
        let out = out.replace(&src.display().to_string(), "FIXTURE");
        expect![[r#"
            -32602: FIXTURE/no-such-binary: cannot read FIXTURE/no-such-binary: No such file or directory (os error 2)
            -32602: cwd /no/such/dir is not a directory
            -32602: FIXTURE/main.go: not an ELF, Mach-O or PE executable (Unknown file magic)
            -32602: missing field `program`
        "#]]
        .assert_eq(&out);
        c.shutdown().await;
    });
}

#[cfg(unix)]
#[test]
fn dap_endpoint_is_an_owner_only_socket_removed_at_exit() {
    use std::os::unix::fs::PermissionsExt;
    run(async {
        let rt = tempdir("endpoint");
        let mut c = server(&rt).await;
        let r = c.result("dlvbridge/dapEndpoint", Value::Null).await;
        assert_eq!(r["transport"], "pipe");
        let socket = PathBuf::from(r["path"].as_str().unwrap());
        let again = c.result("dlvbridge/dapEndpoint", Value::Null).await;
        assert_eq!(again, r, "one endpoint per server");
        for none in [serde_json::json!({}), serde_json::json!([])] {
            let r2 = c.result("dlvbridge/dapEndpoint", none.clone()).await;
            assert_eq!(r2, r, "a client that sends {none} for no parameters");
        }
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&socket), 0o600, "socket mode");
        assert_eq!(mode(socket.parent().unwrap()), 0o700, "socket directory mode");
        assert!(socket.starts_with(&rt), "{} is not in the runtime dir {}", socket.display(), rt.display());

        let discovery_dirs: Vec<PathBuf> = std::fs::read_dir(&rt)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name().unwrap().to_string_lossy().starts_with("dlvbridge-") && !p.join("dap.sock").exists()
            })
            .collect();
        assert_eq!(discovery_dirs.len(), 1, "{discovery_dirs:?}");
        assert_eq!(mode(&discovery_dirs[0]), 0o700);
        let files: Vec<PathBuf> = std::fs::read_dir(&discovery_dirs[0]).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(mode(&files[0]), 0o600);
        let found: Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
        assert_eq!(found["socket"], r["path"]);
        assert_eq!(found["root"].as_str().unwrap(), root().canonicalize().unwrap().to_str().unwrap());

        c.shutdown().await;
        assert!(!socket.exists(), "the socket outlived the server");
        assert!(!socket.parent().unwrap().exists(), "the socket directory outlived the server");
        assert!(!files[0].exists(), "the discovery file outlived the server");
    });
}

#[test]
fn the_binary_gives_its_scopes_once_loaded() {
    run(async {
        let rt = tempdir("binary");
        let out_dir = tempdir("binary-bin");
        let bin = out_dir.join("orders");
        build_fixture(&bin, &[]);
        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c = Client::initialized(&root(), json!({"binary": bin}), options).await;
        // `neverUsed` is in the sources but the linker removed it: only the
        // binary knows. The diagnostics are republished once it is loaded.
        let uri = condition_uri(&fixture(), 56, "condition");
        c.open(&uri, "go-breakpoint", 1, "neverUsed == 7 && processed > 0").await;
        let with_binary = c
            .wait_for("diagnostics from the binary", |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri.as_str()
                    && n["params"]["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
            })
            .await;
        expect![[r#"
            0:0-0:9 error undefined: undefined: `neverUsed` is not visible at this line
        "#]]
        .assert_eq(&render_diagnostics(&with_binary["params"]["diagnostics"]));

        // A package-level `var` line: the sources cannot tell whether it has
        // code, the binary's line tables can. Delve (v1.27.2), `break
        // main.go:46` in this build: the same message.
        let f = fixture();
        let bps = json!({"source": {"path": f}, "breakpoints": [{"line": 46}, {"line": 56}]});
        let r = c.result("dlvbridge/setBreakpoints", bps.clone()).await;
        expect![[r#"{"breakpoints":[{"message":"this breakpoint will not bind: could not find statement at FIXTURE:46, please use a line with a statement","verified":false},{"verified":true}]}"#]]
        .assert_eq(&r.to_string().replace(&f.display().to_string(), "FIXTURE"));

        // A missing binary is one message; the sources keep answering.
        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c2 = Client::initialized(&root(), json!({"binary": "/no/such/binary"}), options).await;
        let m = c2.wait_for("a message", |n| n["method"] == "window/showMessage").await;
        expect![[r#"{"message":"dlvbridge: cannot use the binary /no/such/binary: cannot read /no/such/binary: No such file or directory (os error 2); answering from the sources","type":2}"#]].assert_eq(&m["params"].to_string());
        let (_, d) = open_condition(&mut c2, 56, "condition", "neverUsed == 7").await;
        expect![[r#"
            (none)
        "#]]
        .assert_eq(&d);
        let r = c2.result("dlvbridge/setBreakpoints", bps).await;
        expect![[r#"{"breakpoints":[{"verified":true},{"verified":true}]}"#]].assert_eq(&r.to_string());
        let bad = Client::start(dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() });
        let mut bad = bad;
        let params = bad.initialize_params(&root(), json!({"binary": 42}));
        expect!["-32602: initializationOptions: invalid type: integer `42`, expected path string"]
            .assert_eq(&render_error(&bad.request("initialize", params).await));
        c2.shutdown().await;
        c.shutdown().await;
    });
}

/// Answers are kept per line while nothing changes (a condition is
/// completed at every keystroke), but follow the files on disk: at once
/// when the editor reports a change (the server asks it to watch Go files
/// when it can), and within `MEMO_RECHECK` when nothing reports it.
#[test]
fn answers_follow_files_changed_on_disk() {
    run(async {
        let dir = tempdir("ondisk");
        std::fs::write(dir.join("go.mod"), "module example.com/ondisk\n\ngo 1.22\n").unwrap();
        let main_go = dir.join("main.go");
        std::fs::write(&main_go, "package main\n\nfunc main() {\n\to := Order{ID: 1}\n\t_ = o\n}\n").unwrap();
        let types = |fields: &str| {
            std::fs::write(dir.join("types.go"), format!("package main\n\ntype Order struct {{\n{fields}}}\n")).unwrap()
        };
        types("\tID int\n");

        let rt = tempdir("ondisk-rt");
        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c = Client::start(options);
        let mut params = c.initialize_params(&dir, Value::Null);
        params["capabilities"]["workspace"] = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
        let r = c.request("initialize", params).await;
        assert!(r.get("result").is_some(), "initialize failed: {r}");
        c.notify("initialized", json!({})).await;
        let ask = c.wait_for("the request to watch files", |m| m["method"] == "client/registerCapability").await;
        expect![[r#"[{"id":"dlvbridge-go-files","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":[{"globPattern":"**/*.go"},{"globPattern":"**/go.mod"},{"globPattern":"**/go.work"}]}}]"#]]
            .assert_eq(&ask["params"]["registrations"].to_string());
        c.send(json!({"jsonrpc": "2.0", "id": ask["id"], "result": null})).await;

        let uri = condition_uri(&main_go, 5, "condition");
        c.open(&uri, "go-breakpoint", 1, "o.").await;
        let members = |r: &Value| -> Vec<String> {
            r["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
        };
        let r = c.complete(at(&uri, 0, 2)).await;
        assert_eq!(members(&r), ["ID"]);

        // Reported by the editor's watcher: the next answer has it.
        types("\tID    int\n\tTotal int\n");
        let changed = json!({"changes": [{"uri": file_uri(&dir.join("types.go")), "type": 2}]});
        c.notify("workspace/didChangeWatchedFiles", changed).await;
        let r = c.complete(at(&uri, 0, 2)).await;
        assert_eq!(members(&r), ["ID", "Total"]);

        // A save in the editor is a change on disk too.
        types("\tID    int\n\tTotal int\n\tPaid  bool\n");
        c.notify("textDocument/didSave", json!({"textDocument": {"uri": file_uri(&dir.join("types.go"))}})).await;
        let r = c.complete(at(&uri, 0, 2)).await;
        assert_eq!(members(&r), ["ID", "Paid", "Total"]);

        // Nobody reports it: the line is resolved again after MEMO_RECHECK.
        types("\tID    int\n\tTotal int\n\tPaid  bool\n\tNote  string\n");
        tokio::time::sleep(dlvbridge::lsp::world::MEMO_RECHECK + Duration::from_millis(50)).await;
        let r = c.complete(at(&uri, 0, 2)).await;
        assert_eq!(members(&r), ["ID", "Note", "Paid", "Total"]);
        c.shutdown().await;
    });
}

/// A module whose main package imports a large package of its own: its
/// declarations take a while to parse, so the first answers come before
/// they are loaded.
fn slow_import_module(name: &str) -> PathBuf {
    let dir = tempdir(name);
    std::fs::write(dir.join("go.mod"), "module example.com/slow\n\ngo 1.22\n").unwrap();
    let big = dir.join("big");
    std::fs::create_dir_all(&big).unwrap();
    for f in 0..120 {
        let mut src = String::from("package big\n\n");
        for t in 0..60 {
            src += &format!("type T{f}x{t} struct {{\n");
            for k in 0..12 {
                src += &format!("\tField{k} map[string][]*T{f}x{t}\n");
            }
            src += "}\n\n";
        }
        std::fs::write(big.join(format!("gen{f}.go")), src).unwrap();
    }
    std::fs::write(big.join("thing.go"), "package big\n\ntype Thing struct {\n\tName string\n\tSize int\n}\n").unwrap();
    let main = "package main\n\nimport \"example.com/slow/big\"\n\ntype Order struct{ ID int }\n\nfunc use(b *big.Thing, o Order) {\n\tn := len(b.Name) + o.ID\n\t_ = n\n}\n\nfunc main() { use(&big.Thing{}, Order{}) }\n";
    std::fs::write(dir.join("main.go"), main).unwrap();
    dir
}

/// Right after a document opens, completion answers before the packages
/// the file imports are loaded, saying the answer is incomplete (what
/// comes from those packages is missing, never wrong); asked again, the
/// full answer. Diagnostics wait for the full scope: nothing published is
/// an error the full scope does not show.
#[test]
fn first_answers_come_before_the_imports_load() {
    run(async {
        let dir = slow_import_module("early");
        let main_go = dir.join("main.go");
        let rt = tempdir("early-rt");
        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c = Client::initialized(&dir, Value::Null, options).await;

        let typing = condition_uri(&main_go, 9, "condition");
        let valid = typing.replace("line=", "n=1&line=");
        let wrong = typing.replace("line=", "n=2&line=");
        c.open(&typing, "go-breakpoint", 1, "b.Name == \"x\" && o.").await;
        c.open(&valid, "go-breakpoint", 1, "b.Name == \"x\" && o.ID == 1").await;
        c.open(&wrong, "go-breakpoint", 1, "b.Nme == \"x\" && o.ID == 1").await;
        let members = |r: &Value| -> String {
            let labels: Vec<&str> =
                r["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
            format!("incomplete: {}, items: {}", r["isIncomplete"], labels.join(" "))
        };
        let mut steps = Vec::new();
        let first_o = c.result("textDocument/completion", at(&typing, 0, 19)).await;
        steps.push(format!("o. first: {}", members(&first_o)));
        let first_b = c.result("textDocument/completion", at(&typing, 0, 2)).await;
        steps.push(format!("b. first: {}", members(&first_b)));
        let later_b = c.complete(at(&typing, 0, 2)).await;
        steps.push(format!("b. later: {}", members(&later_b)));
        let later_o = c.complete(at(&typing, 0, 19)).await;
        steps.push(format!("o. later: {}", members(&later_o)));
        for uri in [&typing, &valid, &wrong] {
            let d = c.diagnostics(uri, Some(1)).await;
            steps.push(format!("diagnostics:\n{}", render_diagnostics(&d)));
        }
        // The first verdicts published are the full scope's (an early one
        // would have missed `Nme`), and nothing follows them.
        let later = c.later().await;
        let published: Vec<&Value> = later
            .iter()
            .filter(|n| n["method"] == "textDocument/publishDiagnostics")
            .filter(|n| [&typing, &valid, &wrong].iter().any(|u| n["params"]["uri"] == u.as_str()))
            .collect();
        assert!(published.is_empty(), "more diagnostics published: {published:#?}");
        expect![[r#"
            o. first: incomplete: true, items: ID
            b. first: incomplete: true, items: 
            b. later: incomplete: false, items: Name Size
            o. later: incomplete: false, items: ID
            diagnostics:
            0:19-0:19 error syntax: expected selector or type assertion, found 'EOF'

            diagnostics:
            (none)

            diagnostics:
            0:2-0:5 error no-member: `b` (type *example.com/slow/big.Thing) has no field or method `Nme`; did you mean `Name`?

        "#]]
        .assert_eq(&(steps.join("\n") + "\n"));
        c.shutdown().await;
    });
}

/// Breakpoints on a cgo preamble's C code, with a condition on the C
/// function's variable: Delve (v1.27.2) binds `break main.go:14` in
/// tests/fixtures/cgo_preamble, stops in `C.scale` and evaluates `n > 2`
/// there (checked live by debuginfo's `cgo_preamble_lines_are_left_to_delve`);
/// it finds no statement at line 28, a package-level `var` of static data.
/// Without the binary the comment's line is not called empty, nor the
/// condition wrong; with it, once loaded (line 28 then gets Delve's
/// message), neither.
#[test]
fn cgo_preamble_breakpoints_are_left_to_delve() {
    run(async {
        let rt = tempdir("cgo");
        let out_dir = tempdir("cgo-bin");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cgo_preamble");
        let bin = out_dir.join("cgo_preamble");
        let built = std::process::Command::new("go")
            .current_dir(&dir)
            .args(["build", "-gcflags=all=-N -l", "-o"])
            .arg(&bin)
            .arg(".")
            .env("GOWORK", "off")
            .output()
            .expect("go is needed to build the fixture");
        assert!(built.status.success(), "go build failed: {}", String::from_utf8_lossy(&built.stderr));
        let f = dir.join("main.go");
        let args = json!({"source": {"path": f}, "breakpoints": [
            {"line": 14, "condition": "n > 2"},
            {"line": 28},
        ]});
        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c = Client::initialized(&root(), Value::Null, options).await;
        let r = c.result("dlvbridge/setBreakpoints", args.clone()).await;
        expect![[r#"{"breakpoints":[{"verified":true},{"verified":true}]}"#]].assert_eq(&r.to_string());

        let options = dlvbridge::lsp::Options { runtime_dir: Some(rt.clone()), ..Default::default() };
        let mut c = Client::initialized(&root(), json!({"binary": bin}), options).await;
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        let r = loop {
            let r = c.result("dlvbridge/setBreakpoints", args.clone()).await;
            if r.to_string().contains("could not find statement") || std::time::Instant::now() > deadline {
                break r;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        expect![[r#"{"breakpoints":[{"verified":true},{"message":"this breakpoint will not bind: could not find statement at FIXTURE:28, please use a line with a statement","verified":false}]}"#]]
        .assert_eq(&r.to_string().replace(&f.display().to_string(), "FIXTURE"));
    });
}
