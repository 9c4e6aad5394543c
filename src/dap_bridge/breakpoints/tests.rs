//! Data-driven cases for [`plan`] and [`merge`]: a request (and Delve's
//! answer) in, the arguments Delve gets, the plan and the body the editor
//! gets out. The scope is the engine's fixture (stopped at line 10 of a
//! `main` package with `u *main.User`, `n int`, `m map[string]int`, …).
//! `UPDATE_EXPECT=1 cargo test` rewrites the expectations.

use std::path::Path;

use expect_test::{Expect, expect};
use serde_json::{Value, json};

use super::*;
use crate::expr::test_fixture::fixture;

/// The scope of every file except `missing.go`, which has none.
fn scope_at(path: &Path, _line: u32) -> Result<ScopeAt, String> {
    if path.ends_with("missing.go") { Err("no such file".to_string()) } else { Ok(fixture()) }
}

fn render_plan(to_delve: &Value, plan: &BpPlan) -> String {
    let mut out = format!("to delve: {to_delve}\n");
    for (i, v) in plan.verdicts.iter().enumerate() {
        let sent = v.delve_index.map_or("withheld".to_string(), |d| format!("delve #{d}"));
        let line = v.line.map_or("-".to_string(), |l| l.to_string());
        out.push_str(&format!("#{i} line {line}: {sent}"));
        if let Some(p) = &v.message {
            out.push_str(&format!(": {p}"));
        }
        out.push('\n');
    }
    out
}

/// The plan for `request` (a `setBreakpoints` request's arguments).
fn check_plan(request: Value, strict: bool, expect: Expect) {
    let (to_delve, plan) = plan(&request, &scope_at, strict);
    expect.assert_eq(render_plan(&to_delve, &plan).trim_end());
}

/// The plan for `request`, then Delve's `answer` merged with it.
fn check_merge(request: Value, strict: bool, answer: Value, expect: Expect) {
    let (_, plan) = plan(&request, &scope_at, strict);
    let source = request.get("source").cloned().unwrap_or(Value::Null);
    let mut next_id = 1_000_000;
    let body = merge(&plan, Some(&answer), &source, &mut next_id);
    let mut out = String::new();
    for bp in body["breakpoints"].as_array().unwrap() {
        out.push_str(&format!("{bp}\n"));
    }
    let mut rest = body.clone();
    rest.as_object_mut().unwrap().remove("breakpoints");
    out.push_str(&format!("rest: {rest}\nnext id: {next_id}"));
    expect.assert_eq(&out);
}

fn request(bps: Value) -> Value {
    json!({"source": {"name": "main.go", "path": "/src/main.go"}, "breakpoints": bps})
}

#[test]
fn valid_texts_pass_untouched() {
    check_plan(
        request(
            json!([{"line": 10, "condition": "n > 1"}, {"line": 11, "hitCondition": "% 2"}, {"line": 12, "logMessage": "n is {n}"}, {"line": 13}]),
        ),
        false,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"n > 1","line":10},{"hitCondition":"% 2","line":11},{"line":12,"logMessage":"n is {n}"},{"line":13}],"source":{"name":"main.go","path":"/src/main.go"}}
            #0 line 10: delve #0
            #1 line 11: delve #1
            #2 line 12: delve #2
            #3 line 13: delve #3"#]],
    );
    // Blank texts are no texts; warnings never make a breakpoint invalid.
    check_plan(
        request(json!([{"line": 10, "condition": "  "}, {"line": 11, "condition": "m[\"k\"] == 1"}])),
        true,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"  ","line":10},{"condition":"m[\"k\"] == 1","line":11}],"source":{"name":"main.go","path":"/src/main.go"}}
            #0 line 10: delve #0
            #1 line 11: delve #1"#]],
    );
}

#[test]
fn default_mode_explains_and_sends() {
    check_plan(
        request(json!([{"line": 10, "condition": "usr.Name == \"x\""}, {"line": 11, "condition": "n > 1"}])),
        false,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"usr.Name == \"x\"","line":10},{"condition":"n > 1","line":11}],"source":{"name":"main.go","path":"/src/main.go"}}
            #0 line 10: delve #0: invalid condition `usr.Name == "x"`: undefined: `usr` is not visible at this line; did you mean `user`? — Delve will stop the program with an error each time this breakpoint is hit
            #1 line 11: delve #1"#]],
    );
    check_plan(
        request(json!([{"line": 10, "hitCondition": ">> 3"}])),
        false,
        expect![[r#"
        to delve: {"breakpoints":[{"hitCondition":">> 3","line":10}],"source":{"name":"main.go","path":"/src/main.go"}}
        #0 line 10: delve #0: invalid hit condition `>> 3`: invalid hit-condition operator `>>`; use ==, !=, >, >=, <, <= or % — Delve will reject it"#]],
    );
    check_plan(
        request(json!([{"line": 10, "logMessage": "name {u.Nme} {"}])),
        false,
        expect![[r#"
        to delve: {"breakpoints":[{"line":10,"logMessage":"name {u.Nme} {"}],"source":{"name":"main.go","path":"/src/main.go"}}
        #0 line 10: delve #0: invalid log message `name {u.Nme} {`: `u` (type *main.User) has no field or method `Nme`; did you mean `Name`?; unclosed `{` in log message — Delve will log an evaluation error instead of the value"#]],
    );
    // Every invalid text of one breakpoint is named.
    check_plan(
        request(json!([{"line": 10, "condition": "u.Greet()", "hitCondition": "x", "logMessage": "{zz}"}])),
        false,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"u.Greet()","hitCondition":"x","line":10,"logMessage":"{zz}"}],"source":{"name":"main.go","path":"/src/main.go"}}
            #0 line 10: delve #0: invalid condition `u.Greet()`: Delve does not call functions in conditions (`u.Greet`); use a variable holding the result — Delve will stop the program with an error each time this breakpoint is hit; invalid hit condition `x`: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number — Delve will reject it; invalid log message `{zz}`: undefined: `zz` is not visible at this line — Delve will log an evaluation error instead of the value"#]],
    );
}

#[test]
fn strict_mode_withholds() {
    check_plan(
        request(json!([{"line": 10, "condition": "n > 1"}, {"line": 11, "condition": "usr != nil"}, {"line": 12}])),
        true,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"n > 1","line":10},{"line":12}],"source":{"name":"main.go","path":"/src/main.go"}}
            #0 line 10: delve #0
            #1 line 11: withheld: invalid condition `usr != nil`: undefined: `usr` is not visible at this line; did you mean `user`? — not sent to Delve (strictConditions)
            #2 line 12: delve #1"#]],
    );
    // The deprecated `lines` mirrors what is sent.
    check_plan(
        json!({"source": {"path": "/src/main.go"}, "lines": [10, 11], "breakpoints": [{"line": 10, "condition": "usr"}, {"line": 11}]}),
        true,
        expect![[r#"
            to delve: {"breakpoints":[{"line":11}],"lines":[11],"source":{"path":"/src/main.go"}}
            #0 line 10: withheld: invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — not sent to Delve (strictConditions)
            #1 line 11: delve #0"#]],
    );
}

#[test]
fn without_a_scope_nothing_is_checked() {
    check_plan(
        json!({"source": {"path": "/src/missing.go"}, "breakpoints": [{"line": 10, "condition": "usr"}]}),
        true,
        expect![[r#"
            to delve: {"breakpoints":[{"condition":"usr","line":10}],"source":{"path":"/src/missing.go"}}
            #0 line 10: delve #0"#]],
    );
    check_plan(
        json!({"source": {}, "breakpoints": [{"line": 10, "condition": "usr"}]}),
        true,
        expect![[r#"
        to delve: {"breakpoints":[{"condition":"usr","line":10}],"source":{}}
        #0 line 10: delve #0"#]],
    );
    check_plan(
        json!({"breakpoints": [{"condition": "usr"}]}),
        true,
        expect![[r#"
        to delve: {"breakpoints":[{"condition":"usr"}]}
        #0 line -: delve #0"#]],
    );
}

#[test]
fn function_breakpoints_are_checked_at_the_entry() {
    let scope_of = |name: &str| match name {
        "main.describe" => Some(Ok(fixture())),
        "main.broken" => Some(Err("corrupt".to_string())),
        _ => None,
    };
    let args = json!({"breakpoints": [
        {"name": "main.describe", "condition": "usr"},
        {"name": "main.describe", "condition": "n > 1"},
        {"name": "main.broken", "condition": "usr"},
        {"name": "fmt.Println", "condition": "usr"}
    ]});
    let (to_delve, plan) = plan_functions(&args, &scope_of, true);
    expect![[r#"
        to delve: {"breakpoints":[{"condition":"n > 1","name":"main.describe"},{"condition":"usr","name":"main.broken"},{"condition":"usr","name":"fmt.Println"}]}
        #0 line -: withheld: invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — not sent to Delve (strictConditions)
        #1 line -: delve #0
        #2 line -: delve #1
        #3 line -: delve #2"#]].assert_eq(render_plan(&to_delve, &plan).trim_end());
}

#[test]
fn merged_answers_keep_the_editors_order() {
    // Default mode: Delve's `verified` stays, the message is added.
    check_merge(
        request(json!([{"line": 10, "condition": "usr"}, {"line": 11}])),
        false,
        json!({"breakpoints": [{"id": 1, "verified": true, "line": 10}, {"id": 2, "verified": true, "line": 11}], "x-extra": 1}),
        expect![[r#"
            {"id":1,"line":10,"message":"invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — Delve will stop the program with an error each time this breakpoint is hit","verified":true}
            {"id":2,"line":11,"verified":true}
            rest: {"x-extra":1}
            next id: 1000000"#]],
    );
    // Strict: withheld ones get the bridge's ids, the source and the line.
    check_merge(
        request(json!([{"line": 10, "condition": "usr"}, {"line": 11}, {"line": 12, "hitCondition": "x"}])),
        true,
        json!({"breakpoints": [{"id": 7, "verified": true, "line": 11}]}),
        expect![[r#"
            {"id":1000000,"line":10,"message":"invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — not sent to Delve (strictConditions)","source":{"name":"main.go","path":"/src/main.go"},"verified":false}
            {"id":7,"line":11,"verified":true}
            {"id":1000001,"line":12,"message":"invalid hit condition `x`: a hit condition is a number, or an operator (==, !=, >, >=, <, <=, %) and a number — not sent to Delve (strictConditions)","source":{"name":"main.go","path":"/src/main.go"},"verified":false}
            rest: {}
            next id: 1000002"#]],
    );
}

#[test]
fn merged_answers_keep_delves_own_messages() {
    // Delve rejects the line (no id): the bridge's message comes first and
    // the breakpoint gets an id for the `breakpoint` event.
    check_merge(
        request(json!([{"line": 99, "condition": "usr"}, {"line": 98, "condition": "n > 1"}])),
        false,
        json!({"breakpoints": [
            {"verified": false, "line": 99, "message": "could not find statement at /src/main.go:99"},
            {"verified": false, "line": 98, "message": "could not find statement at /src/main.go:98"}
        ]}),
        expect![[r#"
            {"id":1000000,"line":99,"message":"invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — Delve will stop the program with an error each time this breakpoint is hit; delve: could not find statement at /src/main.go:99","verified":false}
            {"line":98,"message":"could not find statement at /src/main.go:98","verified":false}
            rest: {}
            next id: 1000001"#]],
    );
    // A short answer from Delve: the missing entry is unverified.
    check_merge(
        request(json!([{"line": 10, "condition": "usr"}, {"line": 11}])),
        false,
        json!({"breakpoints": [{"id": 1, "verified": true}]}),
        expect![[r#"
            {"id":1,"message":"invalid condition `usr`: undefined: `usr` is not visible at this line; did you mean `user`? — Delve will stop the program with an error each time this breakpoint is hit","verified":true}
            {"verified":false}
            rest: {}
            next id: 1000000"#]],
    );
}

#[test]
fn unchecked_breakpoints_go_as_written_and_say_so() {
    let request = request(json!([{"line": 10, "condition": "usr"}, {"line": 11}, {"line": 12, "logMessage": "{n}"}]));
    let (to_delve, plan) = unchecked(&request, "not checked: slow");
    assert_eq!(to_delve, request);
    expect![[r#"
        to delve: {"breakpoints":[{"condition":"usr","line":10},{"line":11},{"line":12,"logMessage":"{n}"}],"source":{"name":"main.go","path":"/src/main.go"}}
        #0 line 10: delve #0: not checked: slow
        #1 line 11: delve #1
        #2 line 12: delve #2: not checked: slow"#]].assert_eq(render_plan(&to_delve, &plan).trim_end());
    assert!(has_texts(&request));
    assert!(!has_texts(&json!({"breakpoints": [{"line": 1, "condition": " "}, {"line": 2}]})));
}
