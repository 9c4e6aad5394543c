//! `dlvbridge paths` end to end: real Go builds of tests/fixtures/paths/hello
//! with foreign build paths, and the inferred rules checked against the local
//! files (and, with real dlv, against a breakpoint set from a local path).

mod dap_bridge_harness;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use dlvbridge::debuginfo::Binary;
use dlvbridge::paths::{PathMapper, PathRule, PathStyle};
use serde_json::{Value, json};
use support::TempDir;
use support::dap_client::DapClient;

fn fixture() -> PathBuf {
    support::repo_root().join("tests/fixtures/paths")
}

fn goroot() -> PathBuf {
    let out = support::go_command().args(["env", "GOROOT"]).output().expect("go env GOROOT");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn gomodcache() -> PathBuf {
    let out = support::go_command().args(["env", "GOMODCACHE"]).output().expect("go env GOMODCACHE");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// `go build` in `dir` with `flags`; panics with go's output on failure.
fn build(dir: &Path, out: &Path, flags: &[String]) {
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    support::go_build(dir, out, &flags).unwrap_or_else(|e| panic!("{e}"));
}

/// `-gcflags`/`-asmflags` rewriting each `(local, build)` prefix, with `-N -l`.
fn foreign(rewrites: &[(&Path, &str)]) -> Vec<String> {
    let t: Vec<String> = rewrites.iter().map(|(l, b)| format!("{}=>{b}", l.display())).collect();
    let t = t.join(";");
    vec![format!("-gcflags=all=-N -l -trimpath={t}"), format!("-asmflags=all=-trimpath={t}")]
}

fn debug_flags() -> Vec<String> {
    vec!["-gcflags=all=-N -l".to_string()]
}

struct Paths {
    rules: Vec<PathRule>,
    unmapped: Vec<String>,
}

fn run_paths(binary: &Path, workspace: &Path) -> Paths {
    let o = Command::new(env!("CARGO_BIN_EXE_dlvbridge"))
        .arg("paths")
        .arg("--json")
        .arg(binary)
        .arg("--workspace")
        .arg(workspace)
        .output()
        .expect("run dlvbridge paths");
    assert_eq!(o.status.code(), Some(0), "dlvbridge paths: {}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("paths --json output is JSON");
    let rules = v["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| PathRule {
            from: r["from"].as_str().unwrap().to_string(),
            to: r["to"].as_str().unwrap().to_string(),
            why: r["why"].as_str().unwrap().to_string(),
        })
        .collect();
    let unmapped =
        v["unmapped"].as_array().expect("unmapped").iter().map(|u| u.as_str().unwrap().to_string()).collect();
    Paths { rules, unmapped }
}

/// Every build path maps to an existing local file, standard-library paths
/// into the local GOROOT, main-module paths into the workspace, and mapping
/// back gives the build path again.
fn assert_all_mapped(binary: &Path, workspace: &Path, paths: &Paths) -> PathMapper {
    assert!(paths.unmapped.is_empty(), "unmapped build paths: {:?}", paths.unmapped);
    let b = Binary::open(binary).expect("open binary");
    let mapper = PathMapper::new(paths.rules.clone());
    let goroot = goroot().canonicalize().unwrap();
    let workspace = workspace.canonicalize().unwrap();
    let mut main_files = 0;
    let mut std_files = 0;
    for f in b.all_files() {
        if f.starts_with('<') || f == "?" {
            continue;
        }
        let local = mapper.to_editor(f).into_owned();
        assert!(Path::new(&local).is_file(), "{f} maps to {local}, which does not exist (rules {:#?})", paths.rules);
        let is_std = f.contains("/src/runtime/") || f.starts_with("runtime/");
        if is_std {
            assert!(local.starts_with(goroot.to_str().unwrap()), "std file {f} mapped outside GOROOT: {local}");
            std_files += 1;
        }
        // The fixture's main-module files (the standard library has no main.go).
        if f.ends_with("/main.go") || f.ends_with("/greet/greet.go") {
            assert!(local.starts_with(workspace.to_str().unwrap()), "main-module file {f} mapped to {local}");
            main_files += 1;
        }
        let back = mapper.to_delve(&local);
        let style = PathStyle::of(f);
        assert_eq!(style.normalize(&back), style.normalize(f), "{local} maps back to {back}, not {f}");
    }
    assert!(main_files >= 2, "main module files not seen in {}", binary.display());
    assert!(std_files > 0, "no runtime files in the binary");
    mapper
}

fn why_of<'a>(paths: &'a Paths, to: &str) -> &'a str {
    paths.rules.iter().find(|r| r.to == to).map(|r| r.why.as_str()).unwrap_or_else(|| {
        panic!("no rule to {to}: {:#?}", paths.rules);
    })
}

#[test]
fn native_build_needs_no_rules() {
    let tmp = TempDir::new("paths-native");
    let ws = fixture().join("hello");
    let bin = tmp.path().join("hello");
    build(&ws, &bin, &debug_flags());
    let paths = run_paths(&bin, &ws);
    assert!(paths.rules.is_empty(), "{:#?}", paths.rules);
    assert_all_mapped(&bin, &ws, &paths);
}

#[test]
fn docker_build_root() {
    let tmp = TempDir::new("paths-app");
    let ws = fixture().join("hello");
    let bin = tmp.path().join("hello");
    build(&ws, &bin, &foreign(&[(&ws, "/app")]));
    let paths = run_paths(&bin, &ws);
    assert!(why_of(&paths, "/app").starts_with("build root"), "{:#?}", paths.rules);
    assert_all_mapped(&bin, &ws, &paths);
}

#[test]
fn everything_built_elsewhere_goroot_module_cache_and_replace() {
    let tmp = TempDir::new("paths-elsewhere");
    let ws = fixture().join("hello");
    let lib = fixture().join("lib");
    let bin = tmp.path().join("hello");
    let (goroot, cache) = (goroot(), gomodcache());
    build(
        &ws,
        &bin,
        &foreign(&[
            (&goroot, "/opt/homebrew/Cellar/go/1.26.8/libexec"),
            // A Jenkins agent: `hello@2` is the workspace of a second build
            // running at once, GOPATH inside it (an `@` above the cache).
            (&cache, "/var/lib/jenkins/workspace/hello@2/.go/pkg/mod"),
            (&ws, "/var/lib/jenkins/workspace/hello@2/hello"),
            (&lib, "/var/lib/jenkins/workspace/hello@2/lib"),
        ]),
    );
    let paths = run_paths(&bin, &ws);
    assert!(why_of(&paths, "/opt/homebrew/Cellar/go/1.26.8/libexec").starts_with("GOROOT"));
    assert!(why_of(&paths, "/var/lib/jenkins/workspace/hello@2/.go/pkg/mod").starts_with("module cache"));
    assert!(why_of(&paths, "/var/lib/jenkins/workspace/hello@2/lib").contains("example.com/lib"));
    assert_all_mapped(&bin, &ws, &paths);
}

#[test]
fn windows_build_path_debugged_here() {
    let tmp = TempDir::new("paths-windows");
    let ws = fixture().join("hello");
    let bin = tmp.path().join("hello");
    build(&ws, &bin, &foreign(&[(&ws, "C:\\Users\\dev\\proj")]));
    let paths = run_paths(&bin, &ws);
    assert!(why_of(&paths, "C:\\Users\\dev\\proj/").starts_with("build root"));
    assert_all_mapped(&bin, &ws, &paths);
}

#[test]
fn trimpath_main_module_dependencies_and_std() {
    let tmp = TempDir::new("paths-trimpath");
    let ws = fixture().join("hello");
    let bin = tmp.path().join("hello");
    build(&ws, &bin, &["-trimpath".to_string(), "-gcflags=all=-N -l".to_string()]);
    let paths = run_paths(&bin, &ws);
    assert!(why_of(&paths, "example.com/hello").starts_with("-trimpath"));
    assert!(why_of(&paths, "example.com/lib@v0.0.0").contains("replaced"));
    assert!(why_of(&paths, "github.com/cosiner/argv@v0.1.0").contains("module cache"));
    assert!(why_of(&paths, "runtime").contains("standard library"));
    assert_all_mapped(&bin, &ws, &paths);
}

/// A copy of the fixture with `go mod vendor` run in it.
fn vendored_copy(tmp: &TempDir) -> PathBuf {
    for dir in ["hello", "hello/internal/greet", "lib"] {
        std::fs::create_dir_all(tmp.path().join(dir)).unwrap();
    }
    for f in [
        "hello/go.mod",
        "hello/go.sum",
        "hello/main.go",
        "hello/internal/greet/greet.go",
        "hello/internal/greet/Polite.go",
        "lib/go.mod",
        "lib/lib.go",
    ] {
        std::fs::copy(fixture().join(f), tmp.path().join(f)).unwrap();
    }
    let ws = tmp.path().join("hello").canonicalize().unwrap();
    let o = support::go_command().current_dir(&ws).args(["mod", "vendor"]).output().unwrap();
    assert!(o.status.success(), "go mod vendor: {}", String::from_utf8_lossy(&o.stderr));
    ws
}

#[test]
fn vendor_directory() {
    let tmp = TempDir::new("paths-vendor");
    let ws = vendored_copy(&tmp);
    let bin = tmp.path().join("bin-app");
    build(&ws, &bin, &foreign(&[(&ws, "/app")]));
    let paths = run_paths(&bin, &ws);
    assert_all_mapped(&bin, &ws, &paths);
    let bin = tmp.path().join("bin-trim");
    build(&ws, &bin, &["-trimpath".to_string(), "-gcflags=all=-N -l".to_string()]);
    let paths = run_paths(&bin, &ws);
    assert!(why_of(&paths, "github.com/cosiner/argv@v0.1.0").contains("vendored"), "{:#?}", paths.rules);
    assert_all_mapped(&bin, &ws, &paths);
}

/// With the inferred rules as `substitutePath`, real dlv verifies a
/// breakpoint set from the local path and stops there; the stack frame's path
/// maps back to the local file.
#[test]
fn dlv_verifies_breakpoints_with_inferred_rules() {
    let dlv = support::require_dlv("dlv_verifies_breakpoints_with_inferred_rules");
    let ws = fixture().join("hello").canonicalize().unwrap();
    let local = ws.join("internal/greet/greet.go");
    let variants: Vec<(&str, Vec<String>)> = vec![
        ("app", foreign(&[(&ws, "/app")])),
        ("windows", foreign(&[(&ws, "C:\\Users\\dev\\proj")])),
        ("trimpath", vec!["-trimpath".to_string(), "-gcflags=all=-N -l".to_string()]),
        ("elsewhere", foreign(&[(&goroot(), "/usr/lib/go"), (&gomodcache(), "/go/pkg/mod"), (&ws, "/go/src/hello")])),
    ];
    for (name, flags) in variants {
        let tmp = TempDir::new(&format!("paths-dlv-{name}"));
        let bin = tmp.path().join("hello");
        build(&ws, &bin, &flags);
        let paths = run_paths(&bin, &ws);
        let mapper = assert_all_mapped(&bin, &ws, &paths);
        let rules: Vec<Value> = paths.rules.iter().map(|r| json!({"from": r.from, "to": r.to})).collect();
        let mut c = DapClient::spawn(&dlv, &[]).expect("start dlv");
        c.initialize().expect("initialize");
        let r = c
            .send_request(
                "launch",
                json!({"mode": "exec", "program": bin, "cwd": ws, "substitutePath": rules, "stopOnEntry": false}),
            )
            .expect("launch");
        assert_eq!(r["success"], true, "{name}: {r}");
        c.wait_for_event("initialized", Duration::from_secs(20)).expect("initialized");
        // Polite.go runs first (it computes Hello's argument); its name has
        // capitals, which Windows-style rules must keep.
        let stops = [(local.with_file_name("Polite.go"), 7), (local.clone(), 5)];
        for (file, line) in &stops {
            let r = c
                .send_request("setBreakpoints", json!({"source": {"path": file}, "breakpoints": [{"line": line}]}))
                .expect("setBreakpoints");
            let bp = &r["body"]["breakpoints"][0];
            assert_eq!(bp["verified"], true, "{name}: breakpoint not verified with rules {rules:?}: {r}");
        }
        c.send_request("configurationDone", json!({})).expect("configurationDone");
        for (file, line) in &stops {
            let stopped = c.wait_for_event("stopped", Duration::from_secs(30)).expect("stopped");
            let thread = stopped["body"]["threadId"].as_i64().unwrap_or(1);
            let st = c.send_request("stackTrace", json!({"threadId": thread, "levels": 1})).expect("stackTrace");
            let frame = &st["body"]["stackFrames"][0];
            assert_eq!(frame["line"], *line, "{name}: {st}");
            let path = frame["source"]["path"].as_str().unwrap_or_default();
            assert_eq!(mapper.to_editor(path), file.to_str().unwrap(), "{name}: frame path {path}");
            c.send_request("continue", json!({"threadId": thread})).expect("continue");
        }
        c.shutdown();
    }
}

#[test]
fn text_form_and_usage_errors() {
    let tmp = TempDir::new("paths-cli");
    let ws = fixture().join("hello");
    let bin = tmp.path().join("hello");
    build(&ws, &bin, &foreign(&[(&ws, "/app")]));
    let o = Command::new(env!("CARGO_BIN_EXE_dlvbridge")).arg("paths").arg(&bin).current_dir(&ws).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with(&format!("{} => /app\t# build root", ws.canonicalize().unwrap().display())), "{text}");
    for args in [&["paths"][..], &["paths", "/nonexistent/binary"], &["paths", "--bogus", "x"]] {
        let o = Command::new(env!("CARGO_BIN_EXE_dlvbridge")).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("dlvbridge: "), "{args:?}");
    }
}

/// The same foreign builds through `dlvbridge dap` with NO configuration:
/// the bridge infers the rules at launch (GOROOT and module cache elsewhere,
/// a CI build root, a `replace` folder), breakpoints set from local paths
/// bind, and every frame of the stack — std and dependency frames included —
/// comes back as an existing local file.
#[test]
fn bridge_binds_foreign_builds_with_zero_configuration() {
    use dap_bridge_harness::Bridge;
    let dlv = support::require_dlv("bridge_binds_foreign_builds_with_zero_configuration");
    let ws = fixture().join("hello").canonicalize().unwrap();
    let lib = fixture().join("lib").canonicalize().unwrap();
    let local = ws.join("internal/greet/greet.go");
    let variants: Vec<(&str, Vec<String>)> = vec![
        ("gopath", foreign(&[(&goroot(), "/usr/lib/go"), (&gomodcache(), "/go/pkg/mod"), (&ws, "/go/src/hello")])),
        (
            "homebrew",
            foreign(&[
                (&goroot(), "/opt/homebrew/Cellar/go/1.26.8/libexec"),
                (&gomodcache(), "/go/pkg/mod"),
                (&ws, "/home/runner/work/hello/hello"),
                (&lib, "/home/runner/work/hello/lib"),
            ]),
        ),
    ];
    for (name, flags) in variants {
        let tmp = TempDir::new(&format!("paths-bridge-{name}"));
        let bin = tmp.path().join("hello");
        build(&ws, &bin, &flags);
        let stops = [(local.with_file_name("Polite.go"), 7), (local.clone(), 5)];

        // Straight to dlv, the local paths do not bind.
        let mut c = DapClient::spawn(&dlv, &[]).expect("start dlv");
        c.initialize().expect("initialize");
        let r = c.send_request("launch", json!({"mode": "exec", "program": bin})).expect("launch");
        assert_eq!(r["success"], true, "{name}: {r}");
        let r = c
            .send_request("setBreakpoints", json!({"source": {"path": stops[1].0}, "breakpoints": [{"line": 5}]}))
            .expect("setBreakpoints");
        assert_eq!(r["body"]["breakpoints"][0]["verified"], false, "{name}: binds without rules: {r}");
        c.shutdown();

        let mut b = Bridge::spawn_in(&dlv, &[], Some(&ws));
        b.ok("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
        b.ok("launch", json!({"mode": "exec", "program": bin, "stopOnEntry": false}));
        b.event("initialized");
        for (file, line) in &stops {
            let r = b.set_breakpoints(file, json!([{"line": line}]));
            assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{name}: {r}");
        }
        b.ok("configurationDone", json!({}));
        for (file, line) in &stops {
            let stopped = b.event("stopped");
            let thread = stopped["body"]["threadId"].as_i64().unwrap_or(1);
            let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 30}));
            let frames = st["body"]["stackFrames"].as_array().unwrap();
            assert_eq!(frames[0]["line"], *line, "{name}: {st}");
            assert_eq!(frames[0]["source"]["path"], file.to_str().unwrap(), "{name}: {st}");
            for f in frames {
                if let Some(path) = f["source"]["path"].as_str() {
                    assert!(Path::new(path).is_file(), "{name}: frame {} is not a local file: {path}", f["name"]);
                }
            }
            b.ok("continue", json!({"threadId": thread}));
        }
        b.ok("disconnect", json!({"terminateDebuggee": true}));
    }
}
