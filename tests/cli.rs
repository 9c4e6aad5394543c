//! The command line contract (DESIGN.md §3): `check` and `complete`, text
//! and `--json`, the stdin batch mode, exit codes, and one-line errors on
//! bad input. Runs the real binary on the bundled example.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use expect_test::{Expect, expect};

fn example() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/orders/main.go").display().to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
    run_bytes(args, stdin.map(str::as_bytes))
}

fn run_bytes(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dlvbridge runs");
    // Written from a thread: the output is read meanwhile, so a large input
    // never waits on a full output pipe.
    let mut input = child.stdin.take().expect("stdin");
    let text = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&text);
    });
    let out = child.wait_with_output().expect("dlvbridge exits");
    writer.join().expect("stdin writer");
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).replace(&root, ""),
        stderr: String::from_utf8_lossy(&out.stderr).replace(&root, ""),
    }
}

fn check(args: &[&str], stdin: Option<&str>, expect: Expect) {
    check_bytes(args, stdin.map(str::as_bytes), expect);
}

fn check_bytes(args: &[&str], stdin: Option<&[u8]>, expect: Expect) {
    let r = run_bytes(args, stdin);
    let shown = format!("exit {}\n--- stdout\n{}--- stderr\n{}", r.code, r.stdout, r.stderr);
    expect.assert_eq(&shown);
}

#[test]
fn check_text_and_exit_codes() {
    let loc = format!("{}:54", example());
    check(
        &["check", &loc, "total > 100 && label == \"ALICE\""],
        None,
        expect![[r#"
        exit 0
        --- stdout
        ok
        --- stderr
    "#]],
    );
    check(
        &["check", &loc, "o.Custmer.Name == \"alice\""],
        None,
        expect![[r#"
        exit 1
        --- stdout
        examples/orders/main.go:54: error[no-member]: `o` (type *main.Order) has no field or method `Custmer`; did you mean `Customer`?
            o.Custmer.Name == "alice"
              ^^^^^^^
            fix: did you mean `Customer`?
        --- stderr
    "#]],
    );
    check(
        &["check", "--kind", "hitCondition", &loc, "> 5"],
        None,
        expect![[r#"
        exit 0
        --- stdout
        ok
        --- stderr
    "#]],
    );
    check(
        &["check", "--kind", "logMessage", &loc, "total={total} of {o.Totl}"],
        None,
        expect![[r#"
        exit 1
        --- stdout
        examples/orders/main.go:54: error[no-member]: `o` (type *main.Order) has no field or method `Totl`; did you mean `Total`?
            total={total} of {o.Totl}
                                ^^^^
            fix: did you mean `Total`?
        --- stderr
    "#]],
    );
}

#[test]
fn check_json() {
    let loc = format!("{}:54", example());
    check(
        &["check", "--json", &loc, "total == 99.5"],
        None,
        expect![[r#"
        exit 1
        --- stdout
        {"diagnostics":[{"code":"bad-constant","end":13,"fixes":[],"message":"can not convert 99.5 constant to main.Money","severity":"error","start":9}],"expr":"total == 99.5","location":"examples/orders/main.go:54","ok":false}
        --- stderr
    "#]],
    );
}

#[test]
fn check_batch_from_stdin() {
    let ex = example();
    let input = format!("{ex}:44\tit.Qty > 2\n{ex}:44\tit.Quantity > 2\n{ex}:9999\tx\nno tab here\n");
    check(
        &["check", "-"],
        Some(&input),
        expect![[r#"
        exit 2
        --- stdout
        {"diagnostics":[],"expr":"it.Qty > 2","location":"examples/orders/main.go:44","ok":true}
        {"diagnostics":[{"code":"no-member","end":11,"fixes":[],"message":"`it` (type main.Item) has no field or method `Quantity`","severity":"error","start":3}],"expr":"it.Quantity > 2","location":"examples/orders/main.go:44","ok":false}
        {"error":"line 9999 is outside examples/orders/main.go, which has 66 lines","expr":"x","location":"examples/orders/main.go:9999"}
        {"error":"expected FILE:LINE<TAB>EXPR","input":"no tab here"}
        --- stderr
    "#]],
    );
}

#[test]
fn batch_line_not_utf8_is_its_own_error() {
    let ex = example();
    let mut input = Vec::new();
    input.extend_from_slice(format!("{ex}:44\tit.Qty > 2\n").as_bytes());
    input.extend_from_slice(format!("{ex}:44\tit.Qty > \"").as_bytes());
    input.extend_from_slice(b"\xff\xfe\"\n");
    input.extend_from_slice(format!("{ex}:44\tit.Quantity > 2\n").as_bytes());
    input.extend_from_slice(b"\xc3\n");
    input.extend_from_slice(format!("{ex}:44\tit.Qty > 3").as_bytes());
    check_bytes(
        &["check", "-"],
        Some(&input),
        expect![[r#"
        exit 2
        --- stdout
        {"diagnostics":[],"expr":"it.Qty > 2","location":"examples/orders/main.go:44","ok":true}
        {"error":"line 2 is not valid UTF-8","input":"examples/orders/main.go:44\tit.Qty > \"��\""}
        {"diagnostics":[{"code":"no-member","end":11,"fixes":[],"message":"`it` (type main.Item) has no field or method `Quantity`","severity":"error","start":3}],"expr":"it.Quantity > 2","location":"examples/orders/main.go:44","ok":false}
        {"error":"line 4 is not valid UTF-8","input":"�"}
        {"diagnostics":[],"expr":"it.Qty > 3","location":"examples/orders/main.go:44","ok":true}
        --- stderr
    "#]],
    );
}

#[test]
fn batch_line_too_long_is_its_own_error() {
    let ex = example();
    let mut input = Vec::new();
    input.extend_from_slice(format!("{ex}:44\tit.Qty > 2\n").as_bytes());
    // Just over the limit, then far over it (still within the skip bound).
    input.extend_from_slice(format!("{ex}:44\t").as_bytes());
    input.extend(std::iter::repeat_n(b'x', dlvbridge::cli::MAX_BATCH_LINE));
    input.push(b'\n');
    input.extend(std::iter::repeat_n(b' ', 20 * dlvbridge::cli::MAX_BATCH_LINE));
    input.push(b'\n');
    input.extend_from_slice(format!("{ex}:44\tit.Quantity > 2\n").as_bytes());
    check_bytes(
        &["check", "-"],
        Some(&input),
        expect![[r#"
        exit 2
        --- stdout
        {"diagnostics":[],"expr":"it.Qty > 2","location":"examples/orders/main.go:44","ok":true}
        {"error":"line 2 is longer than 1048576 bytes; skipped"}
        {"error":"line 3 is longer than 1048576 bytes; skipped"}
        {"diagnostics":[{"code":"no-member","end":11,"fixes":[],"message":"`it` (type main.Item) has no field or method `Quantity`","severity":"error","start":3}],"expr":"it.Quantity > 2","location":"examples/orders/main.go:44","ok":false}
        --- stderr
    "#]],
    );
}

/// An endless line (`check - < /dev/zero`) ends the batch with an error
/// line, in bounded memory: the run has 512 MiB of address space.
#[cfg(unix)]
#[test]
fn batch_of_endless_input_ends_in_bounded_memory() {
    let zero = std::fs::File::open("/dev/zero").expect("/dev/zero");
    let mut child = Command::new("sh")
        .args(["-c", "ulimit -v 524288 && exec \"$0\" check -", env!("CARGO_BIN_EXE_dlvbridge")])
        .stdin(zero)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dlvbridge runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("check - < /dev/zero still running after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().expect("dlvbridge exits");
    let shown = format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    expect![[r#"
        exit Some(2)
        --- stdout
        {"error":"line 1 has no end within 67108864 bytes; the rest of the input is not read"}
        --- stderr
    "#]]
    .assert_eq(&shown);
}

#[test]
fn complete_text_and_json() {
    let loc = format!("{}:54", example());
    check(
        &["complete", &loc, "o.Customer.Add"],
        None,
        expect![[r#"
        exit 0
        --- stdout
        Address	field	*main.Address
        --- stderr
    "#]],
    );
    check(
        &["complete", "--json", &loc, "lab"],
        None,
        expect![[r#"
        exit 0
        --- stdout
        {"items":[{"insert":"label","kind":"variable","label":"label","type":"string"}],"replace":{"end":3,"start":0}}
        --- stderr
    "#]],
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let ex = example();
    let not_go = format!("{}/Cargo.toml:1", env!("CARGO_MANIFEST_DIR"));
    let dir = format!("{}/examples:1", env!("CARGO_MANIFEST_DIR"));
    let cases: Vec<Vec<String>> = vec![
        vec!["check".into(), "/no/such/file.go:3".into(), "x".into()],
        vec!["check".into(), format!("{ex}:9999"), "x".into()],
        vec!["check".into(), not_go, "x".into()],
        vec!["check".into(), dir, "x".into()],
        vec!["check".into(), format!("{ex}:0"), "x".into()],
        vec!["check".into(), format!("{ex}"), "x".into()],
        vec!["check".into(), "--binary".into(), "/no/such/binary".into(), format!("{ex}:54"), "x".into()],
        vec!["complete".into(), "--kind".into(), "nope".into(), format!("{ex}:54")],
        vec!["check".into(), format!("{ex}:54")],
        vec!["frobnicate".into()],
        vec![],
    ];
    let mut out = String::new();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run(&args, None);
        assert_eq!(r.code, 2, "{args:?} should exit 2: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: one line on stderr, got {:?}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: nothing on stdout, got {:?}", r.stdout);
        out.push_str(&r.stderr);
    }
    expect![[r#"
        dlvbridge: cannot read /no/such/file.go: no such file or directory
        dlvbridge: line 9999 is outside examples/orders/main.go, which has 66 lines
        dlvbridge: Cargo.toml is not a go source file
        dlvbridge: examples is not a go source file
        dlvbridge: invalid line number "0" in "examples/orders/main.go:0"
        dlvbridge: expected FILE:LINE, got "examples/orders/main.go"
        dlvbridge: binary not found: /no/such/binary
        dlvbridge: unknown --kind "nope"; use condition, hitCondition, logMessage or expression
        dlvbridge: check needs FILE:LINE and EXPR (or - to read them from stdin)
        dlvbridge: unknown command "frobnicate" (try `dlvbridge help`)
        dlvbridge: missing command (try `dlvbridge help`)
    "#]]
    .assert_eq(&out);
}

#[test]
fn help_lists_every_dap_option_the_command_takes() {
    let help = run(&["--help"], None);
    assert_eq!(help.code, 0, "{}", help.stderr);
    for option in
        ["--request-timeout", "--launch-timeout", "--delve-timeout", "--check-timeout", "--disconnect-timeout"]
    {
        assert!(help.stdout.contains(option), "help lists {option}:\n{}", help.stdout);
        // Known to the command: a bad value is refused as a value, not as an option.
        let r = run(&["dap", option, "soon"], None);
        assert_eq!(
            (r.code, r.stderr.trim()),
            (2, &*format!("dlvbridge: {option} needs a number of seconds, not \"soon\""))
        );
    }
    for option in ["--dlv", "--connect", "--log-file", "--listen"] {
        assert!(help.stdout.contains(option), "help lists {option}:\n{}", help.stdout);
        let r = run(&["dap", option], None);
        assert_eq!((r.code, r.stderr.trim()), (2, &*format!("dlvbridge: {option} needs a value")));
    }
}
