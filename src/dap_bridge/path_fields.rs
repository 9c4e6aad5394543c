//! Every path-bearing field of a DAP payload, rewritten with the session's
//! [`PathMapper`]. DAP puts file paths in `Source` objects: under `source`
//! (breakpoints, stack frames, output and loadedSource events, scopes),
//! `location` (disassembled instructions) and `sources` (loadedSources,
//! related sources), so those are the keys walked; a `launch` or `attach`
//! names files in [`LAUNCH_PATHS`].

use serde_json::Value;

use super::envelope::Envelope;
use super::raw::Payload;
use crate::paths::PathMapper;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    ToDelve,
    ToEditor,
}

/// Commands whose payloads never name a file; big `variables` responses are
/// not walked.
pub fn carries_paths(command_or_event: &str) -> bool {
    !matches!(
        command_or_event,
        "variables"
            | "evaluate"
            | "setVariable"
            | "setExpression"
            | "threads"
            | "continue"
            | "next"
            | "stepIn"
            | "stepOut"
            | "pause"
            | "configurationDone"
            | "initialize"
            | "launch"
            | "attach"
            | "disconnect"
            | "completions"
            | "readMemory"
            | "exceptionInfo"
            | "continued"
            | "stopped"
            | "thread"
            | "initialized"
            | "terminated"
            | "exited"
            | "process"
            | "capabilities"
    )
}

/// The arguments of a `launch` or `attach` that name files (Delve's).
pub const LAUNCH_PATHS: &[&str] = &["program", "cwd", "output", "coreFilePath", "traceDirPath"];

/// Every file path in the arguments of the editor's request `command`.
pub fn editor_paths<'a>(command: &str, args: &'a Value) -> Vec<&'a str> {
    let mut out = Vec::new();
    if matches!(command, "launch" | "attach") {
        out.extend(LAUNCH_PATHS.iter().filter_map(|k| args.get(*k).and_then(Value::as_str)));
    } else if carries_paths(command) {
        collect(args, &mut out, 0);
    }
    out
}

/// The deepest object whose sources are read and rewritten (deeper ones are
/// left as they are: no DAP message nests sources that far).
pub(crate) const MAX_DEPTH: usize = 64;

fn collect<'a>(v: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let path = |src: &'a Value| src.get("path").and_then(Value::as_str);
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("source" | "location", Value::Object(_)) => out.extend(path(child)),
                    ("sources", Value::Array(items)) => out.extend(items.iter().filter_map(path)),
                    _ => {}
                }
                collect(child, out, depth + 1);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, out, depth + 1)),
        _ => {}
    }
}

pub fn rewrite(v: &mut Value, mapper: &PathMapper, dir: Direction) {
    if dir == Direction::ToDelve && mapper.is_identity() {
        return;
    }
    walk(v, mapper, dir, 0);
}

/// Rewrites the paths in `payload` of a message on its way through: in
/// its bytes when it is as read, parsing it only when a path there is
/// written with escapes.
pub fn rewrite_message(m: Envelope, payload: Payload, mapper: &PathMapper, dir: Direction) -> Envelope {
    if dir == Direction::ToDelve && mapper.is_identity() {
        return m;
    }
    let mut m = match m {
        Envelope::Raw(mut raw) => {
            let mapped = raw.map_paths(payload, |p| match dir {
                Direction::ToDelve => mapper.to_delve(p),
                Direction::ToEditor => mapper.to_editor(p),
            });
            if mapped {
                return Envelope::Raw(raw);
            }
            raw.into_message()
        }
        Envelope::Parsed(m) => m,
    };
    let value = match payload {
        Payload::Arguments => m.arguments.as_mut(),
        Payload::Body => m.body.as_mut(),
    };
    if let Some(v) = value {
        walk(v, mapper, dir, 0);
    }
    Envelope::Parsed(m)
}

fn map_source(src: &mut Value, mapper: &PathMapper, dir: Direction) {
    if let Some(Value::String(p)) = src.get_mut("path") {
        let mapped = match dir {
            Direction::ToDelve => mapper.to_delve(p),
            Direction::ToEditor => mapper.to_editor(p),
        };
        if mapped != p.as_str() {
            *p = mapped.into_owned();
        }
    }
}

fn walk(v: &mut Value, mapper: &PathMapper, dir: Direction, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match (k.as_str(), &mut *child) {
                    ("source" | "location", Value::Object(_)) => map_source(child, mapper, dir),
                    ("sources", Value::Array(items)) => {
                        for item in items.iter_mut() {
                            map_source(item, mapper, dir);
                        }
                    }
                    _ => {}
                }
                walk(child, mapper, dir, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, mapper, dir, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::PathRule;
    use serde_json::json;

    #[test]
    fn rewrites_sources_everywhere() {
        let m = PathMapper::new(vec![PathRule::user("/home/me/p", "/app")]);
        let mut body = json!({
            "stackFrames": [{"id": 1, "source": {"name": "main.go", "path": "/app/main.go"}, "line": 3}],
            "sources": [{"path": "/app/a.go", "sources": [{"path": "/app/b.go"}]}],
            "instructions": [{"location": {"path": "/app/c.go"}}],
            "other": {"path": "/app/untouched"}
        });
        rewrite(&mut body, &m, Direction::ToEditor);
        assert_eq!(
            body,
            json!({
                "stackFrames": [{"id": 1, "source": {"name": "main.go", "path": "/home/me/p/main.go"}, "line": 3}],
                "sources": [{"path": "/home/me/p/a.go", "sources": [{"path": "/home/me/p/b.go"}]}],
                "instructions": [{"location": {"path": "/home/me/p/c.go"}}],
                "other": {"path": "/app/untouched"}
            })
        );
        let mut args = json!({"source": {"path": "/home/me/p/main.go"}, "breakpoints": [{"line": 3}]});
        rewrite(&mut args, &m, Direction::ToDelve);
        assert_eq!(args["source"]["path"], "/app/main.go");
    }

    #[test]
    fn the_paths_an_editor_sends() {
        let bps = json!({"source": {"name": "m.go", "path": "C:\\a\\m.go"}, "breakpoints": [{"line": 3}]});
        assert_eq!(editor_paths("setBreakpoints", &bps), ["C:\\a\\m.go"]);
        let launch = json!({"mode": "exec", "program": "/b/app", "cwd": "/b", "args": ["/not/a/path"], "env": {}});
        assert_eq!(editor_paths("launch", &launch), ["/b/app", "/b"]);
        assert_eq!(editor_paths("attach", &json!({"mode": "remote"})), Vec::<&str>::new());
        let nested = json!({"source": {"path": "/a.go", "sources": [{"path": "/b.go"}]}});
        assert_eq!(editor_paths("source", &nested), ["/a.go", "/b.go"]);
        assert_eq!(editor_paths("evaluate", &json!({"source": {"path": "/x.go"}})), Vec::<&str>::new());
    }
}
