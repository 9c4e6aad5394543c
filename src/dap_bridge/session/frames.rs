//! Where the program is stopped: the frames the editor was last shown (for
//! console completions) and a count of stops, so that what belongs to one
//! stop (a frame id, a handle to ask Delve about it) dies when the program
//! runs on.

use std::collections::HashMap;

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
}
