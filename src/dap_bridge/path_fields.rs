//! Every path-bearing field of a DAP payload, rewritten with the session's
//! [`PathMapper`]. DAP puts file paths in `Source` objects: under `source`
//! (breakpoints, stack frames, output and loadedSource events, scopes),
//! `location` (disassembled instructions) and `sources` (loadedSources,
//! related sources), so those are the keys walked.

use serde_json::Value;

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

pub fn rewrite(v: &mut Value, mapper: &PathMapper, dir: Direction) {
    if dir == Direction::ToDelve && mapper.is_empty() {
        return;
    }
    walk(v, mapper, dir, 0);
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
    if depth > 64 {
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
}
