//! What a debug session reports to the rest of the process (the LSP side)
//! through an optional [`EventSink`] in [`Config`](super::Config): the
//! scopes of the debugged binary, the breakpoints as set, where the program
//! stopped (with a handle to ask Delve about that stop), when it runs on,
//! and the end. Reporting never waits: the sink is called on the session's
//! loop and must return at once.

use std::fmt;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::delve::DelveHandle;
use super::live_scope::LiveFrame;
use crate::scope::Scopes;

/// Where a session's [`SessionEvent`]s go. Cheap to clone.
#[derive(Clone)]
pub struct EventSink(Arc<dyn Fn(SessionEvent) + Send + Sync>);

impl EventSink {
    /// A sink that calls `report` with each event; it must not block.
    pub fn new(report: impl Fn(SessionEvent) + Send + Sync + 'static) -> EventSink {
        EventSink(Arc::new(report))
    }

    /// A sink whose events are read from the receiver.
    pub fn channel() -> (EventSink, mpsc::UnboundedReceiver<SessionEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (EventSink::new(move |e| drop(tx.send(e))), rx)
    }

    pub(crate) fn report(&self, event: SessionEvent) {
        (self.0)(event)
    }
}

impl fmt::Debug for EventSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventSink")
    }
}

#[derive(Debug, Clone)]
pub enum SessionEvent {
    /// The scopes of the debugged binary with the session's path rules,
    /// once both are known (after each launch, attach or restart): the
    /// binary's debug info when it is on this machine, else the sources.
    Scopes(Scopes),
    /// The breakpoints of one file as they were just set (`setBreakpoints`
    /// answered), in the editor's order; `path` is the editor's.
    Breakpoints { path: String, breakpoints: Vec<BreakpointState> },
    /// The program stopped.
    Stopped(Stopped),
    /// The program runs on: the last [`Stopped`]'s frame and handle are
    /// dead.
    Continued,
    /// The session is over.
    Ended,
}

/// One breakpoint as the editor asked for it and as it was set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakpointState {
    pub line: Option<i64>,
    pub condition: Option<String>,
    pub hit_condition: Option<String>,
    pub log_message: Option<String>,
    /// Delve's `verified` (false for one withheld in strict mode).
    pub verified: bool,
    /// What the editor was told: the bridge's verdict, Delve's message.
    pub message: Option<String>,
}

/// Where the program stopped, and how to ask Delve about it.
#[derive(Debug, Clone)]
pub struct Stopped {
    pub thread_id: i64,
    /// Delve's `reason` (`breakpoint`, `step`, `exception`, …).
    pub reason: String,
    /// The stopped thread's top frame, in the editor's paths.
    pub frame: LiveFrame,
    /// The frame's function as Delve names it (`main.describe`).
    pub function: String,
    /// Valid until the program runs on; calls fail with
    /// [`DelveError::Resumed`](super::delve::DelveError::Resumed) after.
    pub delve: DelveHandle,
}
