//! Odd and hostile files in a package: a FIFO or a link to a device named
//! like a Go file, files over the size limit, a huge generated file, a
//! `replace` to a huge tree. Each must cost little and leave what it hides
//! unknown. Deadlines here only prove that nothing hangs.

use std::sync::mpsc;
use std::time::Duration;

use dlvbridge::workspace::fs::MAX_WALK_DIRS;
use expect_test::{Expect, expect};

use super::*;

/// `f()` on another thread; the test fails when it does not return in
/// `secs` (a blocked read, a walk of the whole disk).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(secs)).unwrap_or_else(|_| panic!("did not finish within {secs} s"))
}

fn scope_within(secs: u64, file: &Path, line: u32) -> Result<ScopeAt, ScopeError> {
    let file = file.to_path_buf();
    within(secs, move || SourceIndex::default().scope_at(&file, line))
}

/// A package of `main.go` and what `add` puts beside it, checked two ways:
/// the scope in main.go (rendered) and the error for `odd`, the file added.
#[track_caller]
fn check_beside(add: impl FnOnce(&Path) -> PathBuf, expect: Expect, odd_error: &str) {
    let dir = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        r#"
package main

var Count = 1

func main() {
	n := Count
	_ = n $0
}
"#,
    );
    let odd = add(&dir.0);
    let scope = scope_within(60, &file, line).unwrap();
    expect.assert_eq(&render(&scope));
    let err = scope_within(60, &odd, 1).unwrap_err();
    assert_eq!(err.to_string(), format!("cannot read {}: {odd_error}", odd.display()));
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_go_file_is_never_opened() {
    // What the FIFO would declare is unknown: the package is incomplete.
    check_beside(
        |dir| {
            let fifo = dir.join("zz.go");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
            assert!(made.success());
            fifo
        },
        expect![[r#"
            locals:
              local n int @6
            package main main (incomplete)
              var Count int @3
              funcs main
        "#]],
        "not a regular file",
    );
}

#[cfg(unix)]
#[test]
fn links_are_followed_to_regular_files_only() {
    let elsewhere = TempDir::new();
    std::fs::write(elsewhere.0.join("real.go"), "package main\n\nvar Linked = \"x\"\n").unwrap();
    check_beside(
        |dir| {
            std::os::unix::fs::symlink(elsewhere.0.join("real.go"), dir.join("linked.go")).unwrap();
            let zero = dir.join("zero.go");
            std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
            zero
        },
        expect![[r#"
            locals:
              local n int @6
            package main main (incomplete)
              var Count int @3
              var Linked string @3
              funcs main
        "#]],
        "not a regular file",
    );
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    check_beside(
        |dir| {
            // Sparse: 65 MiB that cost no disk.
            let big = dir.join("big.go");
            std::fs::File::create(&big).unwrap().set_len(65 << 20).unwrap();
            big
        },
        expect![[r#"
            locals:
              local n int @6
            package main main (incomplete)
              var Count int @3
              funcs main
        "#]],
        "68157440 bytes, over the limit of 64 MiB for one file",
    );
}

/// A go-bindata style file of about 50 MB: byte slices, a long string,
/// a table of assets, and the declarations other files use.
fn generated_file() -> String {
    let mut out = String::from("package main\n\nvar _bindata = []byte{\n");
    let row = "\t0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xec, 0xbd, 0x07, 0x60, 0x1c, 0x49,\n";
    for _ in 0..(40 << 20) / row.len() {
        out.push_str(row);
    }
    out.push_str("}\n\nvar _index = \"");
    for _ in 0..(2 << 20) {
        out.push_str("\\x41");
    }
    out.push_str("\"\n\ntype Asset struct {\n\tName string\n\tSize int\n}\n\nvar Assets = map[string]*Asset{\n");
    for i in 0..50_000 {
        out.push_str(&format!("\t\"static/file{i}.js\": {{Name: \"file{i}.js\", Size: {i}}},\n"));
    }
    out.push_str("}\n\nfunc AssetNames() []string {\n\tnames := make([]string, 0, len(Assets))\n\treturn names\n}\n");
    out
}

#[test]
fn a_huge_generated_file_costs_only_its_declarations() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        r#"
package main

func main() {
	a := Assets["static/file1.js"]
	names := AssetNames()
	_, _ = a, names $0
}
"#,
    );
    let generated = dir.0.join("zz_bindata.go");
    let text = generated_file();
    std::fs::write(&generated, &text).unwrap();
    assert!(std::fs::metadata(&generated).unwrap().len() > 45 << 20);
    let scope = scope_within(120, &file, line).unwrap();
    // Every declaration is known; the long literals' contents are not
    // (`_index` has no type: its value was left out).
    expect![[r#"
        locals:
          local a *main.Asset @4
          local names []string @5
        package main main
          var Assets map[string]*main.Asset @432415
          var _bindata []uint8 @3
          var _index ? @432408
          funcs AssetNames main
          types Asset
        type main.Asset struct { Name string; Size int }
    "#]]
    .assert_eq(&render(&scope));
    // A scope in the generated file itself: its functions keep their
    // locals; a line inside a literal left out has unknown locals.
    let names_line = text.lines().position(|l| l.contains("return names")).unwrap() as u32 + 1;
    drop(text);
    let (in_func, in_literal) = within(120, move || {
        let index = SourceIndex::default();
        (index.scope_at(&generated, names_line).unwrap(), index.scope_at(&generated, 10).unwrap())
    });
    assert!(in_func.locals_complete);
    assert_eq!(in_func.locals.iter().map(|v| format!("{} {}", v.name, v.ty)).collect::<Vec<_>>(), ["names []string"]);
    assert!(!in_literal.locals_complete, "line 10 is inside _bindata");
}

/// A module whose `replace` names a folder with more folders than a walk
/// visits, each with a Go file.
fn module_replacing_with_a_huge_tree(dir: &Path) -> (PathBuf, u32) {
    let big = dir.join("big");
    for i in 0..MAX_WALK_DIRS + 10 {
        let d = big.join(format!("d{}", i / 100)).join(format!("p{i}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("p.go"), format!("package p{i}\n")).unwrap();
    }
    write_fixture(
        dir,
        r#"
//- go.mod
module example.com/app

go 1.23

require example.com/big v0.0.0

replace example.com/big => ./big
//- main.go
package main

func main() {
	n := 1
	_ = n $0
}
"#,
    )
}

#[test]
fn a_replace_to_a_huge_tree_is_walked_only_so_far() {
    let dir = TempDir::new();
    let (file, line) = module_replacing_with_a_huge_tree(&dir.0);
    let scope = scope_within(120, &file, line).unwrap();
    // Which package names the program links is then unknown, never a
    // list that misses some.
    let names = scope.linked_package_names.map(|n| n.len());
    assert_eq!(names, None, "the walk went through the whole tree");
    let root = dir.0.clone();
    let ws = within(120, move || dlvbridge::workspace::gather(&root));
    let big = &ws.replaces[0];
    assert!(big.dir.ends_with("big"), "{}", big.dir);
    assert!(!big.files.is_empty() && big.files.len() < MAX_WALK_DIRS, "{} files listed", big.files.len());
}

#[test]
fn a_replace_to_the_root_folder_does_not_walk_the_disk() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(
        &dir.0,
        r#"
//- go.mod
module example.com/app

go 1.23

require example.com/everything v0.0.0

replace example.com/everything => /
//- main.go
package main

func main() {
	n := 1
	_ = n $0
}
"#,
    );
    let scope = scope_within(120, &file, line).unwrap();
    assert_eq!(scope.locals.len(), 1);
    // Any system has more folders under / than one walk visits.
    let names = scope.linked_package_names.map(|n| n.len());
    assert_eq!(names, None, "the walk went through the whole disk");
    let root = dir.0.clone();
    let ws = within(120, move || dlvbridge::workspace::gather(&root));
    assert_eq!(ws.replaces[0].dir, "/");
}
