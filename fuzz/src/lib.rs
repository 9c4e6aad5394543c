//! What each fuzz target checks, as one function per target: the targets
//! in `fuzz_targets/` call them under libFuzzer, and `tests/fuzz_inputs.rs`
//! replays saved inputs (seeds, and every input that once failed) through
//! the same functions in `cargo test`, without the fuzzer.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dlvbridge::dap_bridge::envelope::Message;
use dlvbridge::dap_bridge::path_fields::{self, Direction};
use dlvbridge::dap_bridge::raw::RawMessage;
use dlvbridge::dap_bridge::redact;
use dlvbridge::debuginfo::Binary;
use dlvbridge::expr::forms;
use dlvbridge::expr::scope::ScopeAt;
use dlvbridge::expr::{self, Diagnostic, Span, TextKind};
use dlvbridge::framing::{self, FrameLimits};
use dlvbridge::paths::infer::{self, BinaryPaths, LocalTree, Workspace};
use dlvbridge::paths::{PathMapper, PathRule};
use dlvbridge::scope::dwarf::DwarfScopes;

/// The repository: one folder up from the fuzz crate, or the crate itself
/// when `tests/fuzz_inputs.rs` includes this file.
pub fn repo_root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    if dir.ends_with("fuzz") { dir.join("..") } else { dir.to_path_buf() }
}

/// The scope of the bundled example at its breakpoint line (an order, its
/// customer, items, a map, methods, an `inventory` package): read from the
/// sources once per process, so every input is checked against the same
/// names and types.
pub fn scope() -> &'static ScopeAt {
    static SCOPE: OnceLock<ScopeAt> = OnceLock::new();
    SCOPE.get_or_init(|| {
        let file = repo_root().join("examples/orders/main.go");
        dlvbridge::scope::source::SourceIndex::default()
            .scope_at(&file, 54)
            .unwrap_or_else(|e| panic!("{}:54: {e}", file.display()))
    })
}

/// A span that lies inside a text of `len` bytes.
pub fn assert_span(span: Span, len: usize, what: &str) {
    assert!(span.start <= span.end && span.end <= len, "{what}: span {span:?} outside 0..{len}");
}

/// Every diagnostic and fix edit lies inside the text.
pub fn assert_diagnostics(diagnostics: &[Diagnostic], len: usize) {
    for d in diagnostics {
        assert_span(d.span, len, &d.message);
        assert!(!d.message.is_empty(), "a diagnostic says something");
        for f in &d.fixes {
            for e in &f.edits {
                assert_span(e.span, len, &f.title);
            }
        }
    }
}

/// A char boundary of `text` picked by `seed`.
pub fn cursor(text: &str, seed: usize) -> usize {
    let mut at = seed % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The expression engine on any text: parse, check as each kind of
/// breakpoint text and complete at two cursors, in the example's fixed
/// scope. Never a panic; every span inside the text.
pub fn check_expr(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let scope = scope();
    let parse = expr::parse(&text);
    assert_diagnostics(&parse.diagnostics, text.len());
    for kind in [TextKind::Condition, TextKind::HitCondition, TextKind::LogMessage, TextKind::Expression] {
        let checked = expr::check_text(&text, kind, scope);
        assert_diagnostics(&checked.diagnostics, text.len());
    }
    for at in [text.len(), cursor(&text, data.len().wrapping_mul(31) ^ usize::from(data.first().copied().unwrap_or(0)))]
    {
        let completions = expr::complete(&text, at, scope);
        assert_span(completions.replace, text.len(), "completion replace range");
        // The whole name around the cursor is replaced (LSP's replace mode).
        let r = completions.replace;
        assert!(r.start <= at && at <= r.end, "the replaced name {r:?} holds the cursor {at}");
        assert!(
            text[r.start..r.end].chars().all(|c| c == '_' || c.is_alphanumeric()),
            "only a name is replaced: {r:?}"
        );
    }
}

/// Delve's two small grammars: hit conditions (`> 5`, `% 2`, anything with
/// an `OP? NUMBER` in it) and log messages (`text {expr} text`, braces
/// paired), read and checked in the fixed scope.
pub fn check_forms(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (_, diagnostics) = forms::check_hit_condition(&text);
    assert_diagnostics(&diagnostics, text.len());
    let (interpolations, diagnostics) = forms::parse_log_message(&text);
    assert_diagnostics(&diagnostics, text.len());
    for i in &interpolations {
        assert_span(i.span, text.len(), "interpolation");
        assert_eq!(text.get(i.span.start..i.span.end).map(str::trim), Some(i.expr.as_str()), "{i:?}");
    }
    let checked = forms::check_log_message(&text, scope());
    assert_diagnostics(&checked.diagnostics, text.len());
}

const LIMITS: FrameLimits = FrameLimits { max_header_line: 256, max_headers: 8, max_body: 1 << 16 };

fn mapper() -> PathMapper {
    PathMapper::new(vec![
        PathRule::user("/home/dev/proj", "/app"),
        PathRule::user("C:\\Users\\dev\\proj", "/build"),
        PathRule::user("", "/rel"),
    ])
}

/// The DAP side's input from a peer: `Content-Length` frames read with the
/// bridge's codec, each body read as an envelope, written back and read
/// again (pass-through keeps every field), its paths rewritten both ways
/// and redacted for the log. Never a panic; a body never over the limit.
pub fn check_dap(data: &[u8]) {
    // A tiny buffer: header lines and bodies arrive in many pieces.
    let mut reader = std::io::BufReader::with_capacity(7, data);
    let mapper = mapper();
    for _ in 0..64 {
        let body = match framing::read_frame_blocking(&mut reader, &LIMITS) {
            Ok(Some(body)) => body,
            Ok(None) | Err(_) => break,
        };
        assert!(body.len() <= LIMITS.max_body);
        let _ = redact::for_log(&body);
        // The bridge reads messages once, keeping their bytes: it must take
        // what the full reader takes, and pass it on unchanged but for seq.
        let raw = RawMessage::parse(body.clone());
        let full = Message::parse(&body);
        assert_eq!(raw.is_ok(), full.is_ok(), "the raw and the full reader agree on what is a message");
        let Ok(message) = full else { continue };
        if let Ok(raw) = raw {
            assert_eq!(raw.seq(), message.seq, "the raw reader finds seq");
            let passed = Message::parse(&raw.into_bytes(7)).expect("passed-through bytes read as a message");
            assert_eq!(passed, Message { seq: 7, ..message.clone() }, "pass-through keeps every field");
        }
        let written = message.to_bytes();
        let again = Message::parse(&written).expect("what the bridge writes, it reads");
        assert_eq!(again, message, "a message survives being written and read");
        let Ok(mut value) = serde_json::to_value(&message) else { continue };
        path_fields::rewrite(&mut value, &mapper, Direction::ToDelve);
        path_fields::rewrite(&mut value, &mapper, Direction::ToEditor);
        let mut framed = Vec::new();
        framing::write_frame_blocking(&mut framed, &written).expect("a frame is written");
        let mut back = std::io::BufReader::new(&framed[..]);
        let read = framing::read_frame_blocking(&mut back, &FrameLimits::default()).expect("our frame reads");
        assert_eq!(read.as_deref(), Some(&written[..]), "a frame we write reads back whole");
    }
}

/// Path rules and their inference on any paths: lines of the input are
/// `substitutePath` rules (`from=>to`), a binary's file table, a
/// workspace's file list and module names, in POSIX, Windows, UNC and WSL
/// spellings. Never a panic; rules apply both ways.
pub fn check_paths(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut rules = Vec::new();
    let mut build_files = Vec::new();
    let mut local_files = Vec::new();
    let mut dirs = Vec::new();
    for line in text.lines().take(64) {
        if let Some((from, to)) = line.split_once("=>") {
            rules.push(PathRule::user(from, to));
        } else if let Some(rest) = line.strip_prefix('+') {
            local_files.push(rest.to_string());
        } else if let Some(rest) = line.strip_prefix('@') {
            dirs.push(rest.to_string());
        } else {
            build_files.push(line.to_string());
        }
    }
    let mapper = PathMapper::new(rules);
    for p in build_files.iter().chain(&local_files).chain(&dirs) {
        let editor = mapper.to_editor(p).into_owned();
        let _ = mapper.to_delve(&editor);
        let _ = mapper.to_delve(p);
    }
    let dir = |i: usize| dirs.get(i).cloned().unwrap_or_default();
    for ws_dir in dirs.iter().take(2) {
        for p in build_files.iter().take(8) {
            let _ = infer::wsl_view(p, ws_dir);
        }
    }
    let module = |i: usize| dirs.get(i).map(|d| d.trim_matches('/').to_string()).filter(|m| !m.is_empty());
    let binary = BinaryPaths {
        files: build_files.clone(),
        main_module: module(4),
        trimpath: data.first().is_some_and(|b| b & 1 == 1),
    };
    let workspace = Workspace {
        main: LocalTree { dir: dir(0), module: module(5), files: local_files.clone() },
        replaces: vec![LocalTree {
            dir: dir(1),
            module: module(6),
            files: local_files.iter().take(4).cloned().collect(),
        }],
        goroot: dirs.get(2).cloned(),
        goroot_src_dirs: vec!["runtime".into(), "fmt".into(), "vendor".into()],
        gomodcache: dirs.get(3).cloned(),
        vendored: module(7).into_iter().collect(),
    };
    let inference = infer::infer(&binary, &workspace);
    for rule in &inference.rules {
        assert!(!rule.why.is_empty(), "every inferred rule says why: {rule:?}");
    }
    let inferred = PathMapper::new(inference.rules);
    for f in &build_files {
        let _ = inferred.to_editor(f);
    }
}

static BINARY: OnceLock<PathBuf> = OnceLock::new();

/// The Go binary [`check_debuginfo`] damages, for callers that cannot set
/// `DLVBRIDGE_FUZZ_BINARY` (a test); the first call wins.
pub fn use_binary(path: PathBuf) {
    let _ = BINARY.set(path);
}

struct Base {
    bytes: Vec<u8>,
    /// `(start, end)` of each `.debug_*` section in the file.
    sections: Vec<(usize, usize)>,
    main_go: PathBuf,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        use object::{Object, ObjectSection};
        let path =
            BINARY.get().cloned().or_else(|| std::env::var_os("DLVBRIDGE_FUZZ_BINARY").map(PathBuf::from)).expect(
                "DLVBRIDGE_FUZZ_BINARY names the Go binary to damage (scripts/fuzz builds it; tests call use_binary)",
            );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = object::File::parse(&bytes[..]).expect("an ELF binary");
        let sections = file
            .sections()
            .filter(|s| s.name().is_ok_and(|n| n.starts_with(".debug_")))
            .filter_map(|s| s.file_range())
            .filter(|(_, size)| *size > 0)
            .map(|(start, size)| (start as usize, (start + size) as usize))
            .collect::<Vec<_>>();
        assert!(sections.len() >= 5, "uncompressed DWARF sections: build with -ldflags=-compressdwarf=false");
        assert!(Binary::parse(&bytes).is_ok(), "the undamaged binary opens");
        Base { bytes, sections, main_go: repo_root().join("tests/corpus/programs/closures/main.go") }
    })
}

/// The debug-info readers on damaged real binaries: the input is a list of
/// patches (`section, offset, bytes`) applied to the `.debug_*` sections of
/// a Go program built with `-N -l` and uncompressed DWARF
/// (`DLVBRIDGE_FUZZ_BINARY`, built by scripts/fuzz); the copy is opened and
/// asked for scopes at four lines, with a completion and a check in each.
/// An error or a scope, never a panic (memory is bounded by libFuzzer's
/// `-rss_limit_mb`).
pub fn check_debuginfo(data: &[u8]) {
    let base = base();
    let mut bytes = base.bytes.clone();
    let mut input = data;
    // Each patch: section selector, offset (u32 LE), length, that many bytes.
    while let [selector, o0, o1, o2, o3, n, rest @ ..] = input {
        let (start, end) = base.sections[usize::from(*selector) % base.sections.len()];
        let at = start + u32::from_le_bytes([*o0, *o1, *o2, *o3]) as usize % (end - start);
        let n = usize::from(*n).min(rest.len()).min(end - at);
        bytes[at..at + n].copy_from_slice(&rest[..n]);
        input = &rest[n..];
    }
    let Ok(binary) = Binary::parse(&bytes) else { return };
    let _ = binary.go_version();
    for i in 0..binary.units().len().min(8) {
        let _ = binary.unit_files(i);
    }
    let scopes = DwarfScopes::new(binary);
    for line in [31, 50, 77, 105] {
        if let Ok(s) = scopes.scope_at(&base.main_go, line) {
            let _ = dlvbridge::expr::complete("e.", 2, &s.scope);
            let _ = dlvbridge::expr::check(
                "e.Kind == \"x\" && len(rejected) > 0",
                dlvbridge::expr::Role::Condition,
                &s.scope,
            );
        }
    }
}
