//! Where the program is stopped: the frames the editor was last shown (for
//! console completions) and a count of stops, so that what belongs to one
//! stop (a frame id, a handle to ask Delve about it) dies when the program
//! runs on.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::dap_bridge::live_scope::LiveFrame;

#[derive(Default)]
pub(super) struct StoppedFrames {
    /// The frames of the last `stackTrace` the editor got, by id.
    frames: HashMap<i64, LiveFrame>,
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

    pub fn frames(&self) -> &HashMap<i64, LiveFrame> {
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

    /// [`remember`](Self::remember) from the text of Delve's response,
    /// with `to_editor` mapping its paths as the editor gets them; false
    /// when the text is not shaped as Delve writes it (then parse it).
    pub fn remember_text(&mut self, text: &[u8], to_editor: impl Fn(&str) -> Cow<'_, str>) -> bool {
        let Ok(reply) = serde_json::from_slice::<StackTraceReply>(text) else { return false };
        let frames = reply.body.and_then(|b| b.stack_frames);
        for f in frames.into_iter().flatten() {
            let Some(id) = f.id else { continue };
            let path = f.source.and_then(|s| s.path).map(|p| to_editor(&p).into_owned());
            self.frames.insert(id, LiveFrame { id, path, line: f.line.unwrap_or(0) as u32 });
        }
        true
    }
}

/// What [`StoppedFrames::remember_text`] reads of a `stackTrace` response.
#[derive(Deserialize)]
struct StackTraceReply<'a> {
    #[serde(borrow)]
    body: Option<StackTraceBody<'a>>,
}

#[derive(Deserialize)]
struct StackTraceBody<'a> {
    #[serde(rename = "stackFrames", borrow)]
    stack_frames: Option<Vec<FrameText<'a>>>,
}

#[derive(Deserialize)]
struct FrameText<'a> {
    id: Option<i64>,
    line: Option<u64>,
    #[serde(borrow)]
    source: Option<SourceText<'a>>,
}

#[derive(Deserialize)]
struct SourceText<'a> {
    #[serde(borrow)]
    path: Option<Cow<'a, str>>,
}
