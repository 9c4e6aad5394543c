//! A Windows editor debugging a program inside WSL2, through `dlvbridge dap`
//! on the Linux side with real dlv: the requests carry exactly the paths
//! such an editor sends (`\\wsl.localhost\Ubuntu\…`, `\\wsl$\Ubuntu\…`,
//! `C:\…` for sources on a mounted drive), with no configuration. Straight
//! to dlv none of them binds; through the bridge they do, and every stack
//! frame (main module, GOROOT, module cache) comes back in the editor's
//! form. And a hand-written `substitutePath` rule for a Windows build binds
//! although Go spelled the binary's paths with mixed separators.
//!
//! This machine is not a WSL one: the mounted-drive test stands in for it
//! with its own wsl.conf (`DLVBRIDGE_WSL_CONF`, automount root in a temp
//! folder) and `WSL_DISTRO_NAME`, the two facts WSL gives every process.

mod dap_bridge_harness;
mod support;

use std::path::{Path, PathBuf};

use dap_bridge_harness::Bridge;
use serde_json::{Value, json};
use support::TempDir;
use support::dap_client::DapClient;

fn fixture() -> PathBuf {
    support::repo_root().join("tests/fixtures/paths")
}

fn go_env(key: &str) -> PathBuf {
    let out = support::go_command().args(["env", key]).output().expect("go env");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The module cache's copy of the fixture's dependency.
fn argv_source() -> PathBuf {
    go_env("GOMODCACHE").join("github.com/cosiner/argv@v0.1.0/argv.go")
}

/// The 1-based line after the one starting with `decl` (a function's first
/// statement) in `file`.
fn body_line(file: &Path, decl: &str) -> i64 {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let i = text.lines().position(|l| l.starts_with(decl)).unwrap_or_else(|| panic!("no {decl} in {}", file.display()));
    i as i64 + 2
}

/// `local` as a Windows editor names it on the distro's share.
fn unc(share: &str, local: &Path) -> String {
    format!("{share}{}", local.to_str().unwrap().replace('/', "\\"))
}

fn initialize(b: &mut Bridge) {
    b.ok(
        "initialize",
        json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path"}),
    );
}

/// What a frame's file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Workspace,
    Goroot,
    ModuleCache,
}

/// Every frame of `st` that has a path: in the editor's form (`local_of`
/// reads it back, `None` when it is not in that form) and naming an
/// existing file here. Returns what kinds of files they were.
fn assert_frames(
    st: &Value,
    what: &str,
    workspace: &Path,
    local_of: &dyn Fn(&str) -> Option<PathBuf>,
) -> std::collections::BTreeSet<Kind> {
    let (goroot, cache) = (go_env("GOROOT"), go_env("GOMODCACHE"));
    let mut kinds = std::collections::BTreeSet::new();
    for f in st["body"]["stackFrames"].as_array().unwrap() {
        let Some(path) = f["source"]["path"].as_str() else { continue };
        let local =
            local_of(path).unwrap_or_else(|| panic!("{what}: frame {} is not in the editor's form: {path}", f["name"]));
        assert!(
            local.is_file(),
            "{what}: frame {} names {path}, which is no file here ({})",
            f["name"],
            local.display()
        );
        if local.starts_with(workspace) {
            kinds.insert(Kind::Workspace);
        } else if local.starts_with(&goroot) {
            kinds.insert(Kind::Goroot);
        } else if local.starts_with(&cache) {
            kinds.insert(Kind::ModuleCache);
        }
    }
    kinds
}

/// Straight to dlv, after a launch of `bin`: the editor's path for
/// `file:line` is not verified.
fn assert_unbound_straight(dlv: &Path, bin: &Path, editor_path: &str, line: i64, launch_extra: Value) {
    let mut c = DapClient::spawn(dlv, &[]).expect("start dlv");
    c.initialize().expect("initialize");
    let mut launch = json!({"mode": "exec", "program": bin});
    if let Value::Object(extra) = launch_extra {
        for (k, v) in extra {
            launch[k] = v;
        }
    }
    let r = c.send_request("launch", launch).expect("launch");
    assert_eq!(r["success"], true, "{r}");
    let r = c
        .send_request("setBreakpoints", json!({"source": {"path": editor_path}, "breakpoints": [{"line": line}]}))
        .expect("setBreakpoints");
    assert_eq!(r["body"]["breakpoints"][0]["verified"], false, "straight to dlv {editor_path} binds: {r}");
    c.shutdown();
}

/// Runs to each of `stops` (file as the editor names it, line) in turn:
/// the top frame is there, in the editor's form; every frame passes
/// [`assert_frames`]. Returns the kinds of files the frames named.
fn run_through(
    b: &mut Bridge,
    what: &str,
    stops: &[(String, i64)],
    workspace: &Path,
    local_of: &dyn Fn(&str) -> Option<PathBuf>,
) -> std::collections::BTreeSet<Kind> {
    b.ok("configurationDone", json!({}));
    let mut kinds = std::collections::BTreeSet::new();
    for (path, line) in stops {
        let stopped = b.event("stopped");
        let reason = stopped["body"]["reason"].as_str().unwrap_or_default();
        assert!(reason.ends_with("breakpoint"), "{what}: {stopped}");
        let thread = stopped["body"]["threadId"].as_i64().unwrap();
        let st = b.ok("stackTrace", json!({"threadId": thread, "startFrame": 0, "levels": 30}));
        let top = &st["body"]["stackFrames"][0];
        assert_eq!(top["line"], *line, "{what}: {st}");
        assert_eq!(top["source"]["path"], path.as_str(), "{what}: {st}\n{}", b.transcript_tail());
        kinds.extend(assert_frames(&st, what, workspace, local_of));
        b.ok("continue", json!({"threadId": thread}));
    }
    b.ok("disconnect", json!({"terminateDebuggee": true}));
    kinds
}

/// (a) The editor opened the program's folder on the distro's share, as
/// `\\wsl.localhost\Ubuntu\…` or `\\wsl$\Ubuntu\…`: launch, breakpoints in
/// the main module, the module cache and GOROOT all name files that way.
#[test]
fn wsl_share_paths_bind_and_every_frame_comes_back_on_the_share() {
    let Some(dlv) = support::require_dlv("wsl_share_paths_bind_and_every_frame_comes_back_on_the_share") else {
        return;
    };
    let ws = fixture().join("hello").canonicalize().unwrap();
    let tmp = TempDir::new("wsl-share");
    let bin = tmp.path().join("hello");
    support::go_build_debug(&ws, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let println = go_env("GOROOT").join("src/fmt/print.go");
    // In the order the program reaches them.
    let stops = [
        (argv_source(), body_line(&argv_source(), "func Argv(")),
        (ws.join("internal/greet/greet.go"), 5),
        (println.clone(), body_line(&println, "func Println(")),
    ];
    let share = r"\\wsl.localhost\Ubuntu";
    assert_unbound_straight(&dlv, &bin, &unc(share, &stops[1].0), stops[1].1, json!({}));

    for share in [r"\\wsl.localhost\Ubuntu", r"\\wsl$\Ubuntu"] {
        let mut b = Bridge::spawn_in(&dlv, &[], Some(tmp.path()));
        initialize(&mut b);
        b.ok("launch", json!({"mode": "exec", "program": unc(share, &bin), "cwd": unc(share, &ws)}));
        b.event("initialized");
        let stops: Vec<(String, i64)> = stops.iter().map(|(f, l)| (unc(share, f), *l)).collect();
        for (path, line) in &stops {
            let r = b.ok("setBreakpoints", json!({"source": {"path": path}, "breakpoints": [{"line": line}]}));
            let bp = &r["body"]["breakpoints"][0];
            assert_eq!(bp["verified"], true, "{share}: {r}\n{}", b.transcript_tail());
            if let Some(p) = bp["source"]["path"].as_str() {
                assert_eq!(p, path, "{share}: {r}");
            }
        }
        let prefix = format!("{share}\\");
        // A Windows path, `\` throughout.
        let local_of = |p: &str| {
            let rest = p.strip_prefix(&prefix).filter(|_| !p.contains('/'))?;
            Some(PathBuf::from(format!("/{}", rest.replace('\\', "/"))))
        };
        let kinds = run_through(&mut b, share, &stops, &ws, &local_of);
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            [Kind::Workspace, Kind::Goroot, Kind::ModuleCache],
            "{share}"
        );
    }
}

/// Copies the fixture's module and its `replace`d neighbour into `dir`.
fn copy_fixture(dir: &Path) {
    for f in [
        "hello/go.mod",
        "hello/go.sum",
        "hello/main.go",
        "hello/internal/greet/greet.go",
        "hello/internal/greet/Polite.go",
        "lib/go.mod",
        "lib/lib.go",
    ] {
        let to = dir.join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture().join(f), &to).unwrap();
    }
}

/// (b) The sources live on a Windows drive (`C:\Users\dev\…`, mounted
/// under the automount root) and the editor names them so; GOROOT and the
/// module cache are inside the distro, so their frames come back on its
/// share (`\\wsl$\<WSL_DISTRO_NAME>\…`): the editor itself never sent one.
#[test]
fn drive_paths_bind_for_sources_on_a_mounted_drive() {
    let Some(dlv) = support::require_dlv("drive_paths_bind_for_sources_on_a_mounted_drive") else { return };
    let tmp = TempDir::new("wsl-drive");
    let root = tmp.path().canonicalize().unwrap();
    let drives = root.join("drives");
    let users = drives.join("c/Users/dev");
    copy_fixture(&users);
    let app = users.join("hello");
    let bin = app.join("hello");
    support::go_build_debug(&app, &bin, &[]).unwrap_or_else(|e| panic!("{e}"));
    let conf = root.join("wsl.conf");
    std::fs::write(
        &conf,
        format!("[boot]\nsystemd=true\n\n[automount]\nenabled = true\nroot = {}/\n", drives.display()),
    )
    .unwrap();
    let windows =
        |p: &Path| format!("C:\\{}", p.strip_prefix(drives.join("c")).unwrap().to_str().unwrap().replace('/', "\\"));
    let greet = app.join("internal/greet/greet.go");
    assert_unbound_straight(&dlv, &bin, &windows(&greet), 5, json!({}));

    let env = [("DLVBRIDGE_WSL_CONF", conf.to_str().unwrap()), ("WSL_DISTRO_NAME", "Ubuntu")];
    let mut b = Bridge::spawn_with_env(&dlv, &[], Some(&root), &env);
    initialize(&mut b);
    b.ok("launch", json!({"mode": "exec", "program": windows(&bin), "cwd": windows(&app)}));
    b.event("initialized");
    let lib = users.join("lib/lib.go");
    for (file, line) in [(&lib, 4), (&greet, 5)] {
        let r = b.ok("setBreakpoints", json!({"source": {"path": windows(file)}, "breakpoints": [{"line": line}]}));
        assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{r}\n{}", b.transcript_tail());
    }
    // A dependency and the standard library by function: no path from the editor.
    let r = b.ok(
        "setFunctionBreakpoints",
        json!({"breakpoints": [{"name": "github.com/cosiner/argv.Argv"}, {"name": "fmt.Println"}]}),
    );
    let share = |p: &Path| unc(r"\\wsl$\Ubuntu", p);
    let println = go_env("GOROOT").join("src/fmt/print.go");
    let mut at_functions = Vec::new();
    for (bp, file) in r["body"]["breakpoints"].as_array().unwrap().iter().zip([argv_source(), println]) {
        assert_eq!(bp["verified"], true, "{r}");
        assert_eq!(bp["source"]["path"], share(&file), "{r}");
        at_functions.push((share(&file), bp["line"].as_i64().unwrap()));
    }
    let stops = [at_functions[0].clone(), (windows(&lib), 4), (windows(&greet), 5), at_functions[1].clone()];
    let local_of = |p: &str| {
        if p.contains('/') {
            return None;
        }
        let (base, rest) = match p.strip_prefix(r"C:\") {
            Some(rest) => (drives.join("c"), rest),
            None => (PathBuf::from("/"), p.strip_prefix(r"\\wsl$\Ubuntu\")?),
        };
        Some(base.join(rest.replace('\\', "/")))
    };
    let kinds = run_through(&mut b, "drive", &stops, &app, &local_of);
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), [Kind::Workspace, Kind::Goroot, Kind::ModuleCache]);
}

/// (c) A Windows build (`-trimpath=$PWD=>C:\Users\dev\app`: Go records
/// `C:\Users\dev\app/main.go`) with the rule a user writes for it. Delve
/// joins the rule's `C:\Users\dev\app` and the rest with `\`, a name the
/// binary does not have; the bridge sends the binary's own spelling.
#[test]
fn a_hand_written_rule_for_a_windows_build_binds() {
    let Some(dlv) = support::require_dlv("a_hand_written_rule_for_a_windows_build_binds") else { return };
    let ws = fixture().join("hello").canonicalize().unwrap();
    let tmp = TempDir::new("wsl-rule");
    let bin = tmp.path().join("hello");
    let build_root = r"C:\Users\dev\app";
    let t = format!("-trimpath={}=>{build_root}", ws.display());
    support::go_build(&ws, &bin, &[&format!("-gcflags=all=-N -l {t}"), &format!("-asmflags=all={t}")])
        .unwrap_or_else(|e| panic!("{e}"));
    let recorded = dlvbridge::debuginfo::Binary::open(&bin).unwrap().all_files().to_vec();
    assert!(recorded.iter().any(|f| f == r"C:\Users\dev\app/internal/greet/greet.go"), "{recorded:?}");
    let rules = json!([{"from": ws, "to": build_root}]);
    let greet = ws.join("internal/greet/greet.go");
    assert_unbound_straight(&dlv, &bin, greet.to_str().unwrap(), 5, json!({"substitutePath": rules}));

    let mut b = Bridge::spawn_in(&dlv, &[], Some(tmp.path()));
    initialize(&mut b);
    b.ok("launch", json!({"mode": "exec", "program": bin, "cwd": tmp.path(), "substitutePath": rules}));
    b.event("initialized");
    let stops = [(ws.join("internal/greet/Polite.go"), 6), (greet, 5)];
    for (file, line) in &stops {
        let r = b.set_breakpoints(file, json!([{"line": line}]));
        assert_eq!(r["body"]["breakpoints"][0]["verified"], true, "{r}\n{}", b.transcript_tail());
    }
    let stops: Vec<(String, i64)> = stops.iter().map(|(f, l)| (f.to_str().unwrap().to_string(), *l)).collect();
    let local_of = |p: &str| Some(PathBuf::from(p));
    let kinds = run_through(&mut b, "windows build", &stops, &ws, &local_of);
    assert!(kinds.contains(&Kind::Workspace) && kinds.contains(&Kind::Goroot), "{kinds:?}");
}
