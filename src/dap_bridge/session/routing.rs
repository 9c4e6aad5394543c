//! The routing table: each side's own sequence space, the row of every
//! request in flight to Delve (who asked, what to do with the answer, by
//! when) and Delve's reverse requests in flight to the editor. Answers are
//! routed by these rows, never by guessing; a row whose deadline passed
//! is taken out, so a late answer is dropped.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::dap_bridge::breakpoints::BpPlan;
use crate::dap_bridge::delve::{Call, DelveError};
use crate::dap_bridge::envelope::{Envelope, Message};
use crate::dap_bridge::ids::ById;
use crate::dap_bridge::transport::Outbox;

/// What the session does with Delve's response to an editor request
/// before the editor gets it.
pub(super) enum Followup {
    /// Nothing: paths aside, it goes through as it is.
    Forward,
    /// `initialize`: announce the console completions the bridge answers.
    AnnounceCompletions,
    /// `setBreakpoints` / `setFunctionBreakpoints`: merge Delve's answer
    /// with the bridge's verdicts.
    MergeBreakpoints {
        plan: BpPlan,
        /// The editor's `source` (null for function breakpoints).
        source: Value,
        /// The editor's breakpoints, as asked.
        requested: Vec<Value>,
    },
    /// A launch or attach: once it succeeds, the build paths can be known.
    Launched,
}

/// How a Delve response is routed.
pub(super) enum Pending {
    Editor {
        editor_seq: i64,
        command: CommandName,
        followup: Followup,
    },
    /// A request of the bridge's own ([`Call`]).
    Bridge {
        command: &'static str,
        reply: oneshot::Sender<Result<Value, DelveError>>,
    },
}

/// A request's command, held without an allocation for any DAP command.
pub(super) enum CommandName {
    Short { len: u8, text: [u8; 31] },
    Long(String),
}

impl CommandName {
    pub fn new(command: &str) -> CommandName {
        let mut text = [0u8; 31];
        match text.get_mut(..command.len()) {
            Some(short) => {
                short.copy_from_slice(command.as_bytes());
                CommandName::Short { len: command.len() as u8, text }
            }
            None => CommandName::Long(command.to_string()),
        }
    }

    /// Whether this is `name` (no UTF-8 check, as `as_str` makes).
    pub fn is(&self, name: &str) -> bool {
        match self {
            CommandName::Short { len, text } => &text[..*len as usize] == name.as_bytes(),
            CommandName::Long(s) => s == name,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            CommandName::Short { len, text } => std::str::from_utf8(&text[..*len as usize]).unwrap_or_default(),
            CommandName::Long(s) => s,
        }
    }
}

/// A request Delve did not answer by its deadline.
pub(super) struct Expired {
    pub pending: Pending,
    /// How long it waited.
    pub after: Duration,
}

/// Rows keyed by a seq of the bridge's own.
type BySeq<V> = ById<V>;

pub(super) struct Routing {
    to_editor: Outbox,
    /// `None` once the session no longer talks to Delve.
    to_delve: Option<Outbox>,
    editor_seq: i64,
    delve_seq: i64,
    /// Delve-side seq → who waits for the answer, and for how long.
    pending: BySeq<(Pending, Duration)>,
    /// When each row in `pending` expires, soonest first (rows answered
    /// meanwhile are skipped when they come up).
    deadlines: BinaryHeap<Reverse<(Instant, i64)>>,
    /// Delve's reverse requests (runInTerminal) forwarded to the editor:
    /// editor-side seq → Delve's seq.
    reverse: BySeq<i64>,
    /// Delve acknowledges a `restart` before it restarts and, when that
    /// fails, answers it again with the error: the last restart it
    /// acknowledged, Delve-side seq and editor-side seq.
    restart_acknowledged: Option<(i64, i64)>,
}

impl Routing {
    pub fn new(to_editor: Outbox, to_delve: Outbox) -> Routing {
        Routing {
            to_editor,
            to_delve: Some(to_delve),
            editor_seq: 0,
            delve_seq: 0,
            pending: BySeq::default(),
            deadlines: BinaryHeap::new(),
            reverse: BySeq::default(),
            restart_acknowledged: None,
        }
    }

    /// Sends `m` to the editor with the next editor-side seq.
    pub fn send_editor(&mut self, m: impl Into<Envelope>) -> i64 {
        self.editor_seq += 1;
        let _ = self.to_editor.send(m.into().into_bytes(self.editor_seq));
        self.editor_seq
    }

    /// Sends `m` to Delve with the next Delve-side seq.
    pub fn send_delve(&mut self, m: impl Into<Envelope>) -> i64 {
        self.delve_seq += 1;
        if let Some(to_delve) = &self.to_delve {
            let _ = to_delve.send(m.into().into_bytes(self.delve_seq));
        }
        self.delve_seq
    }

    /// Nothing more goes to Delve: its writer ends once it wrote what is
    /// queued.
    pub fn close_delve(&mut self) {
        self.to_delve = None;
    }

    /// Forwards an editor request, to be answered `within`; returns its
    /// Delve-side seq.
    pub fn forward(&mut self, m: Envelope, followup: Followup, within: Duration) -> i64 {
        let editor_seq = m.seq();
        let command = CommandName::new(m.command());
        let seq = self.send_delve(m);
        self.expect(seq, Pending::Editor { editor_seq, command, followup }, within);
        seq
    }

    /// Sends a request of the bridge's own, to be answered `within`.
    pub fn call(&mut self, call: Call, within: Duration) {
        let seq = self.send_delve(Message::request(call.command, call.arguments));
        self.expect(seq, Pending::Bridge { command: call.command, reply: call.reply }, within);
    }

    fn expect(&mut self, seq: i64, pending: Pending, within: Duration) {
        self.pending.insert(seq, (pending, within));
        self.deadlines.push(Reverse((Instant::now() + within, seq)));
    }

    /// The row of Delve's response to its `delve_seq`.
    pub fn take(&mut self, delve_seq: i64) -> Option<Pending> {
        self.pending.remove(&delve_seq).map(|(p, _)| p)
    }

    /// Delve answered the `restart` it knows as `delve_seq` (the editor's
    /// `editor_seq`): a second answer may follow.
    pub fn restart_answered(&mut self, delve_seq: i64, editor_seq: i64) {
        self.restart_acknowledged = Some((delve_seq, editor_seq));
    }

    /// The editor-side seq of a restart Delve answers a second time.
    pub fn answered_again(&self, delve_seq: i64) -> Option<i64> {
        self.restart_acknowledged.filter(|(d, _)| *d == delve_seq).map(|(_, e)| e)
    }

    /// The soonest deadline of a row still in flight.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        while let Some(Reverse((at, seq))) = self.deadlines.peek() {
            if self.pending.contains_key(seq) {
                return Some(*at);
            }
            self.deadlines.pop();
        }
        None
    }

    /// Takes out every row whose deadline is past `now`, oldest first.
    pub fn expired(&mut self, now: Instant) -> Vec<Expired> {
        let mut out = Vec::new();
        while let Some(Reverse((at, seq))) = self.deadlines.peek().copied() {
            if at > now {
                break;
            }
            self.deadlines.pop();
            if let Some((pending, after)) = self.pending.remove(&seq) {
                out.push(Expired { pending, after });
            }
        }
        out
    }

    /// Every row in flight, oldest first.
    pub fn drain(&mut self) -> Vec<Pending> {
        let mut pending: Vec<(i64, (Pending, Duration))> = self.pending.drain().collect();
        self.deadlines.clear();
        pending.sort_by_key(|(seq, _)| *seq);
        pending.into_iter().map(|(_, (p, _))| p).collect()
    }

    /// Forwards a reverse request of Delve's to the editor.
    pub fn forward_reverse(&mut self, m: Envelope) {
        let delve_seq = m.seq();
        let seq = self.send_editor(m);
        self.reverse.insert(seq, delve_seq);
    }

    /// Sends the editor's answer to a reverse request back to Delve; false
    /// when no such request is in flight.
    pub fn answer_reverse(&mut self, mut m: Envelope) -> bool {
        let Some(delve_seq) = m.request_seq().and_then(|s| self.reverse.remove(&s)) else { return false };
        m.set_request_seq(delve_seq);
        self.send_delve(m);
        true
    }
}
