//! Where the program is stopped: the frames the editor was last shown (for
//! console completions) and a count of stops, so that what belongs to one
//! stop (a frame id, a handle to ask Delve about it) dies when the program
//! runs on.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use serde_json::Value;

use crate::dap_bridge::ids::ById;
use crate::dap_bridge::live_scope::LiveFrame;
use crate::dap_bridge::raw::StackFrameText;

#[derive(Default)]
pub(super) struct StoppedFrames {
    /// The frames of the `stackTrace` answers the editor got during this
    /// stop, by id (Delve gives each answer's frames new ids).
    frames: ById<LiveFrame>,
    pub thread: Option<i64>,
    /// Counts stops and resumptions: a stop's handles carry its number.
    epoch: u64,
    stopped: bool,
}

impl StoppedFrames {
    /// The program stopped (on `thread`); returns the stop's number.
    pub fn stopped(&mut self, thread: Option<i64>) -> u64 {
        self.frames.clear();
        self.thread = thread;
        self.epoch += 1;
        self.stopped = true;
        self.epoch
    }

    /// The program runs on; true when it was stopped.
    pub fn continued(&mut self) -> bool {
        self.frames.clear();
        if !self.stopped {
            return false;
        }
        self.stopped = false;
        self.epoch += 1;
        true
    }

    /// The number of the current stop (or run).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    pub fn frames(&self) -> &ById<LiveFrame> {
        &self.frames
    }

    /// Remembers the frames of a `stackTrace` response the editor gets.
    pub fn remember(&mut self, body: Option<&Value>) {
        let frames = body.and_then(|b| b.get("stackFrames")).and_then(Value::as_array);
        for f in frames.into_iter().flatten() {
            let Some(id) = f.get("id").and_then(Value::as_i64) else { continue };
            let path = f.pointer("/source/path").and_then(Value::as_str).map(str::to_string);
            let line = f.get("line").and_then(Value::as_u64).unwrap_or(0) as u32;
            self.frames.insert(id, LiveFrame { id, path, line });
        }
    }

    /// [`remember`](Self::remember) the frames the bridge read in Delve's
    /// answer, with `to_editor` mapping their paths as the editor gets
    /// them. A frame kept already is updated in place: the same answer
    /// again allocates nothing, and a changed path reuses the old's room.
    pub fn remember_read<'t>(
        &mut self,
        frames: impl Iterator<Item = StackFrameText<'t>>,
        to_editor: impl Fn(&str) -> Cow<'_, str>,
    ) {
        for f in frames {
            let Some(id) = f.id else { continue };
            let line = f.line.unwrap_or(0) as u32;
            let path = f.path.as_deref().map(&to_editor);
            match self.frames.entry(id) {
                Entry::Occupied(kept) => {
                    let kept = kept.into_mut();
                    kept.line = line;
                    match (path, &mut kept.path) {
                        (Some(path), Some(old)) => {
                            if *old != *path {
                                old.clear();
                                old.push_str(&path);
                            }
                        }
                        (path, old) => *old = path.map(Cow::into_owned),
                    }
                }
                Entry::Vacant(room) => {
                    room.insert(LiveFrame { id, path: path.map(Cow::into_owned), line });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::dap_bridge::envelope::{Envelope, Message};
    use crate::dap_bridge::path_fields::{self, Direction};
    use crate::dap_bridge::raw::{Payload, RawMessage};
    use crate::paths::{PathMapper, PathRule};

    /// The frames remembered from answers with `bodies`, read as texts
    /// (as the bridge passes them) and as parsed messages; each answer's
    /// paths mapped for the editor first, as the session does.
    fn remembered(bodies: &[Value], mapper: &PathMapper) -> [Vec<(i64, Option<String>, u32)>; 2] {
        let mut by_text = StoppedFrames::default();
        let mut parsed = StoppedFrames::default();
        for body in bodies {
            let text = serde_json::to_vec(&json!({"seq": 3, "type": "response", "request_seq": 2,
                "command": "stackTrace", "success": true, "body": body}))
            .unwrap();
            let m = Envelope::Raw(RawMessage::parse(text).unwrap());
            match path_fields::rewrite_message(m, Payload::Body, mapper, Direction::ToEditor) {
                Envelope::Raw(raw) => by_text.remember_read(raw.stack_frames(), |p| mapper.to_editor(p)),
                Envelope::Parsed(m) => by_text.remember(m.body.as_ref()),
            }
            let mut m =
                Message::parse(&serde_json::to_vec(&json!({"type": "response", "body": body})).unwrap()).unwrap();
            if let Some(body) = m.body.as_mut() {
                path_fields::rewrite(body, mapper, Direction::ToEditor);
            }
            parsed.remember(m.body.as_ref());
        }
        [by_text, parsed].map(|f| {
            let mut frames: Vec<_> = f.frames().values().map(|f| (f.id, f.path.clone(), f.line)).collect();
            frames.sort();
            frames
        })
    }

    #[test]
    fn frames_read_from_the_text_are_those_of_the_parsed_answer() {
        let mapper = PathMapper::new(vec![PathRule::user("/home/me/app", "/build/app")]);
        let frame = |id: Value, path: Value, line: Value| json!({"id": id, "name": "main.main", "source": {"name": "x", "path": path}, "line": line, "column": 0});
        let cases: Vec<Vec<Value>> = vec![
            vec![
                json!({"stackFrames": [frame(json!(1000), json!("/build/app/main.go"), json!(9)), frame(json!(1001), json!("/usr/lib/go/x.go"), json!(3))], "totalFrames": 2}),
            ],
            vec![json!({"stackFrames": [frame(json!(1), json!("/build/app/a\"b.go"), json!(1))]})],
            vec![
                json!({"stackFrames": [frame(json!(1.0), json!("/a"), json!(1)), frame(json!(u64::MAX), json!("/b"), json!(2)), frame(json!("3"), json!("/c"), json!(3))]}),
            ],
            vec![
                json!({"stackFrames": [frame(json!(1), json!(7), json!(-1)), frame(json!(2), Value::Null, json!(1.5)), frame(json!(3), json!("/x"), json!(u64::MAX))]}),
            ],
            vec![
                json!({"stackFrames": [{"id": 1, "source": "not an object"}, {"id": 2, "source": ["/build/app/a.go"]}, {"id": 3}, 4, null]}),
            ],
            vec![json!({"stackFrames": {"id": 1}}), json!(null), json!([1]), json!({})],
            vec![
                json!({"stackFrames": [frame(json!(1), json!("/build/app/old.go"), json!(1))]}),
                json!({"stackFrames": [frame(json!(1), json!("/build/app/new.go"), json!(2))]}),
            ],
            (0..20)
                .map(|i| json!({"stackFrames": [frame(json!(i % 3), json!(format!("/build/app/{i}.go")), json!(i))]}))
                .collect(),
        ];
        for bodies in cases {
            let [by_text, parsed] = remembered(&bodies, &mapper);
            assert_eq!(by_text, parsed, "{bodies:?}");
        }
        let [by_text, _] =
            remembered(&[json!({"stackFrames": [frame(json!(7), json!("/build/app/main.go"), json!(9))]})], &mapper);
        assert_eq!(by_text, [(7, Some("/home/me/app/main.go".to_string()), 9)]);
    }
}
