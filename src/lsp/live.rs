//! The stopped frame of a debug session, as the LSP side uses it: while the
//! program is stopped at a line, completion, hover and diagnostics for that
//! line ask Delve (through the session's `DelveHandle`) what the frame
//! holds. A live answer is an extra: one that fails (the program ran on,
//! Delve too slow) or arrives after the stop ended leaves the static scope
//! to answer, and the user never sees an error for it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::world::Snapshot;
use crate::dap_bridge::DelveHandle;
use crate::dap_bridge::delve::{Evaluate, EvaluateArguments};
use crate::dap_bridge::live_scope::{self, FrameView, LiveFrame};
use crate::scope::Scopes;

/// How long one request waits for Delve's part of its answer before the
/// static scope answers alone (typing must not wait on a frozen Delve).
pub const LIVE_DEADLINE: Duration = Duration::from_secs(2);

/// Frame views kept per stop (one per dotted chain typed).
const VIEWS_KEPT: usize = 64;

/// Where a debug session is stopped, and how to ask Delve about it.
/// Immutable but for its cache; a new stop is a new `LiveStop`.
pub struct LiveStop {
    /// Numbers the stops the state owner saw, from 1.
    pub generation: u64,
    /// The generation of the stop that is current now (0: none), shared
    /// with the state owner: a stop that is no longer current gives no
    /// answers.
    current: Arc<AtomicU64>,
    pub file: PathBuf,
    pub line: u32,
    frame: LiveFrame,
    delve: DelveHandle,
    /// The stopped session's scopes (package members, types, path rules).
    scopes: Scopes,
    views: Mutex<HashMap<Vec<String>, Arc<FrameView>>>,
}

impl std::fmt::Debug for LiveStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveStop").field("generation", &self.generation).field("frame", &self.frame).finish()
    }
}

/// A live frame's scope for one request, at the stop's file and line.
#[derive(Debug)]
pub struct LiveScope {
    pub stop: Arc<LiveStop>,
    pub view: Arc<FrameView>,
}

impl LiveScope {
    /// Whether it answers for `file:line`.
    pub fn is_at(&self, file: &Path, line: u32) -> bool {
        self.stop.is_at(file, line)
    }
}

/// What Delve says an expression is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evaluated {
    Value {
        value: String,
        ty: Option<String>,
    },
    /// Delve could not evaluate it in this frame (its message).
    Refused(String),
}

impl LiveStop {
    /// The stop of `frame` (in the editor's paths); `None` when Delve gave
    /// no source location to match documents against.
    pub fn new(
        generation: u64,
        current: Arc<AtomicU64>,
        frame: LiveFrame,
        delve: DelveHandle,
        scopes: Scopes,
    ) -> Option<LiveStop> {
        let file = PathBuf::from(frame.path.as_deref()?);
        let line = frame.line;
        (line > 0).then(|| LiveStop { generation, current, file, line, frame, delve, scopes, views: Mutex::default() })
    }

    pub fn is_current(&self) -> bool {
        self.current.load(Ordering::SeqCst) == self.generation
    }

    pub fn is_at(&self, file: &Path, line: u32) -> bool {
        self.line == line && self.file == file
    }

    /// The frame's scope with the members along `chain` learned from Delve.
    async fn view(&self, chain: &[String]) -> Option<Arc<FrameView>> {
        if let Some(view) = self.views.lock().unwrap_or_else(|e| e.into_inner()).get(chain) {
            return Some(view.clone());
        }
        let names: Vec<&str> = chain.iter().map(String::as_str).collect();
        let asked = live_scope::frame_view(&self.delve, &self.scopes, &self.frame, &names);
        let view = match tokio::time::timeout(LIVE_DEADLINE, asked).await {
            Ok(Ok(view)) => Arc::new(view),
            Ok(Err(e)) => {
                tracing::debug!(stop = self.generation, "no live scope, the static one answers: {e}");
                return None;
            }
            Err(_) => {
                tracing::info!(
                    stop = self.generation,
                    "no live scope within {LIVE_DEADLINE:?}; the static one answers"
                );
                return None;
            }
        };
        let mut views = self.views.lock().unwrap_or_else(|e| e.into_inner());
        if views.len() >= VIEWS_KEPT {
            views.clear();
        }
        views.insert(chain.to_vec(), view.clone());
        Some(view)
    }

    /// Delve's value of `expression` in the stopped frame; `None` when
    /// there is no answer to show (the program ran on, a deadline passed).
    async fn evaluate(&self, expression: &str) -> Option<Evaluated> {
        let arguments = EvaluateArguments {
            expression: expression.to_string(),
            frame_id: Some(self.frame.id),
            context: Some("hover".to_string()),
        };
        let asked = self.delve.call::<Evaluate>(arguments);
        let answer = match tokio::time::timeout(LIVE_DEADLINE, asked).await {
            Ok(Ok(r)) => Evaluated::Value { value: r.result, ty: r.type_name.filter(|t| !t.is_empty()) },
            Ok(Err(crate::dap_bridge::delve::DelveError::Failed { message, .. })) => Evaluated::Refused(message),
            Ok(Err(e)) => {
                tracing::debug!(stop = self.generation, "no value for {expression}: {e}");
                return None;
            }
            Err(_) => return None,
        };
        self.is_current().then_some(answer)
    }
}

/// What a request would ask the live frame about: the location its answer
/// is for, and the dotted chain whose members it offers.
#[derive(Debug, Clone)]
pub struct LiveAsk {
    pub file: PathBuf,
    pub line: u32,
    pub chain: Vec<String>,
}

/// The stop in force, if the program is stopped at `ask`'s location.
fn stop_at(snapshot: &Snapshot, ask: &LiveAsk) -> Option<Arc<LiveStop>> {
    snapshot.stop.clone().filter(|s| s.is_at(&ask.file, ask.line) && s.is_current())
}

/// Delve's value of `expression` now, when the program is stopped at
/// `ask`'s location and Delve answers in time.
pub async fn value(snapshot: &Snapshot, ask: &LiveAsk, expression: &str) -> Option<Evaluated> {
    stop_at(snapshot, ask)?.evaluate(expression).await
}

/// `snapshot` with the live scope for `ask` when the program is stopped at
/// its location and Delve answers in time for a stop that is still
/// current; else `snapshot` as it was.
pub async fn prepare(mut snapshot: Snapshot, ask: Option<LiveAsk>) -> Snapshot {
    let Some(ask) = ask else { return snapshot };
    let Some(stop) = stop_at(&snapshot, &ask) else { return snapshot };
    let Some(view) = stop.view(&ask.chain).await else { return snapshot };
    if !stop.is_current() {
        tracing::debug!(stop = stop.generation, "the stop ended meanwhile; live scope dropped");
        return snapshot;
    }
    snapshot.live = Some(Arc::new(LiveScope { stop, view }));
    snapshot
}
