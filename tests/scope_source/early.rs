//! Scopes answered before the file's imports are loaded
//! (`SourceIndex::scope_early`): which packages are pending, whether some
//! query is loading them, and what such a scope leaves out.

use super::*;

/// A program whose `main.go` imports a package of its own module, never
/// loaded by an early query (those start no loading).
const WITH_IMPORT: &str = r#"
//- main.go
package main

import "example.com/app/num"

func Sum[N ~int | ~float64](xs []N) N {
	var total N
	for _, x := range xs {
		total += x
	}
	return total$0
}

func main() {
	_ = Sum([]int{1, 2})
	_ = Sum([]float64{num.Half})
}
//- num/num.go
package num

const Half = 0.5
"#;

fn args(s: &ScopeAt) -> Vec<String> {
    s.instantiations.iter().map(|m| m.values().map(|t| t.to_string()).collect::<Vec<_>>().join(",")).collect()
}

#[test]
fn pending_until_a_full_query_loads_the_imports() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, WITH_IMPORT);
    let index = SourceIndex::default();
    let early = index.scope_early(&file, None, line).unwrap();
    assert_eq!(early.pending, ["example.com/app/num"]);
    // Nothing is loading them: only a full query would.
    assert!(!early.loading);
    assert!(!early.scope.imports.get("example.com/app/num").unwrap().complete);
    let full = index.scope_at(&file, line).unwrap();
    let after = index.scope_early(&file, None, line).unwrap();
    assert!(after.pending.is_empty());
    // With nothing pending, nothing is said to be loading.
    assert!(!after.loading);
    assert_eq!(after.scope, full);
}

/// An early target's instantiations would be typed without its imports:
/// none are listed, and the list is not complete; the full scope lists
/// them.
#[test]
fn no_instantiations_before_the_imports_load() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, WITH_IMPORT);
    let index = SourceIndex::default();
    let early = index.scope_early(&file, None, line).unwrap();
    assert!(!early.pending.is_empty());
    assert_eq!((args(&early.scope), early.scope.instantiations_complete), (Vec::<String>::new(), false));
    let full = index.scope_at(&file, line).unwrap();
    assert_eq!((args(&full), full.instantiations_complete), (vec!["float64".to_string(), "int".to_string()], true));
}

/// An early scope built before is answered again only while the package's
/// files are the same: a file added to the package is seen.
#[test]
fn early_scope_sees_changed_package_files() {
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, WITH_IMPORT);
    let index = SourceIndex::default();
    let first = index.scope_early(&file, None, line).unwrap();
    assert!(first.scope.package.var("added").is_none());
    std::fs::write(dir.0.join("added.go"), "package main\n\nvar added = \"s\"\n").unwrap();
    let second = index.scope_early(&file, None, line).unwrap();
    assert_eq!(second.pending, ["example.com/app/num"]);
    assert_eq!(second.scope.package.var("added").map(|v| v.ty.to_string()), Some("string".to_string()));
}

/// Unused package variables are marked only once the program's packages
/// are in: one of the module's, pending, could name a variable (a
/// `//go:linkname` directive); a standard package pending cannot.
#[test]
fn unused_globals_marked_once_the_module_s_packages_load() {
    let dir = TempDir::new();
    let program = r#"
//- main.go
package main

import (
	"strings"

	"example.com/app/geo"
)

var gData int32 = 7

func main() {
	$0println(strings.ToUpper("x"), geo.Max)
}
//- geo/geo.go
package geo

const Max = 3
"#;
    let (file, line) = write_fixture(&dir.0, program);
    let index = SourceIndex::default();
    let unused = |s: &ScopeAt| s.package.var("gData").map(|v| v.kind == VarKind::UnusedGlobal);
    let early = index.scope_early(&file, None, line).unwrap();
    assert_eq!(early.pending, ["example.com/app/geo", "strings"]);
    assert_eq!(unused(&early.scope), Some(false));
    assert_eq!(unused(&index.scope_at(&file, line).unwrap()), Some(true));
    // With only a standard package pending, the program is all in.
    let std_only = program.replace("\n\t\"example.com/app/geo\"\n", "").replace(", geo.Max", "");
    let dir = TempDir::new();
    let (file, line) = write_fixture(&dir.0, &std_only);
    let early = SourceIndex::default().scope_early(&file, None, line).unwrap();
    assert_eq!(early.pending, ["strings"]);
    assert_eq!(unused(&early.scope), Some(true));
}

/// A package another query loaded meanwhile is taken: the early scope
/// built before it is not answered again.
#[test]
fn early_scope_takes_the_imports_loaded_meanwhile() {
    let dir = TempDir::new();
    let program = r#"
//- main.go
package main

import (
	"strings"

	"example.com/app/geo"
)

func main() {
	$0println(strings.ToUpper("x"), geo.Max)
}
//- geo/geo.go
package geo

const Max = 3
//- tool/tool.go
package tool

import "example.com/app/geo"

var Limit = geo.Max
"#;
    let (file, line) = write_fixture(&dir.0, program);
    let index = SourceIndex::default();
    let early = index.scope_early(&file, None, line).unwrap();
    assert_eq!(early.pending, ["example.com/app/geo", "strings"]);
    index.scope_at(&dir.0.join("tool/tool.go"), 5).unwrap();
    let early = index.scope_early(&file, None, line).unwrap();
    assert_eq!(early.pending, ["strings"]);
    let geo = early.scope.imports.get("example.com/app/geo").unwrap();
    assert!(geo.complete);
    assert_eq!(geo.consts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Max"]);
}
