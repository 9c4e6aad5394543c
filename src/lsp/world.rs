//! The one owner of the LSP side's mutable state: open documents,
//! breakpoints and their verdicts, the scopes (sources, the binary once it
//! is loaded, a debug session's while it runs) and where a session is
//! stopped. It runs as one task that applies [`Event`]s in the order they
//! arrive — from the editor's LSP handlers, from workers, and from the
//! debug sessions served at the endpoint ([`Event::Session`]) — and hands
//! read-only [`Snapshot`]s to workers. Slow work (scopes, checks, opening a
//! binary, asking Delve) never runs here; a worker's result older than the
//! newest input is dropped.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ls_types::{Diagnostic, MessageType, Uri};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use super::live::{self, LiveScope, LiveStop};
use super::uri::{DocTarget, file_uri};
use crate::dap_bridge::SessionEvent;
use crate::dap_bridge::events::{BreakpointState, Stopped};
use crate::paths::PathMapper;
use crate::scope::dwarf::DwarfScopes;
use crate::scope::source::ScopeError;
use crate::scope::{Resolved, Scopes};

/// An open document as the editor last sent it.
#[derive(Debug)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub text: Arc<str>,
    pub target: DocTarget,
}

/// One breakpoint as `dlvbridge/setBreakpoints` (and DAP) describe it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceBreakpoint {
    pub line: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hit_condition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_message: Option<String>,
}

/// The verdict on one breakpoint, as DAP's `Breakpoint` has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakpointVerdict {
    pub verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What workers read: the state as of one moment. Cheap to clone.
#[derive(Clone)]
pub struct Snapshot {
    pub scopes: Scopes,
    /// Changes whenever `scopes` stops answering as before (a binary
    /// loaded, a debug session started or ended).
    pub scopes_generation: u64,
    pub documents: Arc<HashMap<Uri, Arc<Document>>>,
    /// The last answer of character-0 completion, shared by every snapshot.
    pub line_items: Arc<super::handlers::completion::LineItemsCache>,
    /// Where a debug session is stopped, if one is.
    pub stop: Option<Arc<LiveStop>>,
    /// The stopped frame's scope, when a request asked for it
    /// ([`live::prepare`]) and Delve answered in time.
    pub live: Option<Arc<LiveScope>>,
    /// Lines resolved lately, shared by every snapshot.
    pub scope_memo: Arc<ScopeMemo>,
    /// Changes whenever files on disk may have changed under the scopes
    /// (the editor reported a Go file or go.mod changed, or a Go file was
    /// opened, saved or closed).
    pub files_generation: u64,
}

impl Snapshot {
    pub fn document(&self, uri: &Uri) -> Option<&Arc<Document>> {
        self.documents.get(uri)
    }

    /// The editor's text of the Go file at `path`, when it is open.
    pub fn go_text(&self, path: &Path) -> Option<Arc<str>> {
        self.documents.values().find(|d| d.target == DocTarget::Go(path.to_path_buf())).map(|d| d.text.clone())
    }

    /// The editor's text of `file` (when open) and the memo key of its line.
    fn memo_key(&self, file: &Path, line: u32) -> (Option<Arc<str>>, MemoKey) {
        let text = self.go_text(file);
        let key = MemoKey {
            file: file.to_path_buf(),
            line,
            text: text.clone(),
            scopes_generation: self.scopes_generation,
            files_generation: self.files_generation,
        };
        (text, key)
    }

    /// What Delve can evaluate at `file:line`, from the editor's unsaved
    /// text of the file when it is open.
    pub fn scope_at(&self, file: &Path, line: u32) -> Result<Arc<Resolved>, ScopeError> {
        let (text, key) = self.memo_key(file, line);
        self.scope_memo.get_or_resolve(key, || match &text {
            Some(text) => self.scopes.at_in_text(file, text, line),
            None => self.scopes.at(file, line),
        })
    }

    /// [`Self::scope_at`] without waiting for the packages the file
    /// imports (the first answers after a file is opened): those still
    /// loading are unknown, and the answer says it is partial. Only full
    /// scopes are kept in the memo, so a partial one is never served once
    /// the imports are in.
    pub fn scope_early(&self, file: &Path, line: u32) -> Result<EarlyResolved, ScopeError> {
        let (text, key) = self.memo_key(file, line);
        if let Some(found) = self.scope_memo.get(&key) {
            return found.map(|resolved| EarlyResolved { resolved, partial: false });
        }
        let resolved_at = std::time::Instant::now();
        let early = match self.scopes.at_early(file, text.as_deref(), line) {
            Ok(early) => early,
            Err(e) => {
                self.scope_memo.put(key, resolved_at, Err(e.clone()));
                return Err(e);
            }
        };
        let resolved = Arc::new(early.resolved);
        let partial = !early.pending.is_empty();
        if !partial {
            self.scope_memo.put(key, resolved_at, Ok(resolved.clone()));
        }
        Ok(EarlyResolved { resolved, partial })
    }
}

/// A line's scope answered without waiting for the packages its file
/// imports.
pub struct EarlyResolved {
    pub resolved: Arc<Resolved>,
    /// Some imported packages are still loading: they are unknown in the
    /// scope, so what is answered from it may grow.
    pub partial: bool,
}

/// The scopes of the lines asked about lately. A condition is completed
/// and checked at every keystroke, at one line; resolving the line again
/// (the package's files revalidated, the function walked: about a
/// millisecond) would be most of each answer. An answer stands while the
/// key is the same — the editor's text of the file, the scopes, and no
/// report of changed files — and for at most [`MEMO_RECHECK`], after which
/// the line is resolved again: files can change on disk without the
/// editor saying so (a client that does not watch files, a module outside
/// the workspace).
#[derive(Default)]
pub struct ScopeMemo(std::sync::Mutex<std::collections::VecDeque<MemoEntry>>);

/// How long a memo answer stands without a change being reported.
pub const MEMO_RECHECK: std::time::Duration = std::time::Duration::from_secs(1);
/// How many lines the memo holds.
const MEMO_LINES: usize = 16;

struct MemoKey {
    file: PathBuf,
    line: u32,
    /// The editor's text of the file, when it is open (compared by
    /// identity: each version of a document is a new text).
    text: Option<Arc<str>>,
    scopes_generation: u64,
    files_generation: u64,
}

struct MemoEntry {
    key: MemoKey,
    resolved_at: std::time::Instant,
    found: Result<Arc<Resolved>, ScopeError>,
}

impl ScopeMemo {
    fn get_or_resolve(
        &self,
        key: MemoKey,
        resolve: impl FnOnce() -> Result<Resolved, ScopeError>,
    ) -> Result<Arc<Resolved>, ScopeError> {
        if let Some(hit) = self.get(&key) {
            return hit;
        }
        // Resolved outside the lock: another line's request need not wait.
        let resolved_at = std::time::Instant::now();
        let found = resolve().map(Arc::new);
        self.put(key, resolved_at, found.clone());
        found
    }

    fn get(&self, key: &MemoKey) -> Option<Result<Arc<Resolved>, ScopeError>> {
        let fresh = |e: &&MemoEntry| e.key.same(key) && e.resolved_at.elapsed() < MEMO_RECHECK;
        self.lock().iter().find(fresh).map(|hit| hit.found.clone())
    }

    fn put(&self, key: MemoKey, resolved_at: std::time::Instant, found: Result<Arc<Resolved>, ScopeError>) {
        let mut entries = self.lock();
        entries.retain(|e| !e.key.same(&key));
        if entries.len() >= MEMO_LINES {
            entries.pop_front();
        }
        entries.push_back(MemoEntry { key, resolved_at, found });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::VecDeque<MemoEntry>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl MemoKey {
    fn same(&self, other: &MemoKey) -> bool {
        let same_text = match (&self.text, &other.text) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_text
            && self.line == other.line
            && self.file == other.file
            && self.scopes_generation == other.scopes_generation
            && self.files_generation == other.files_generation
    }
}

/// A debug session served at the endpoint, numbered from 1 as they start.
pub type SessionId = u64;

pub enum Event {
    Initialize {
        binary: Option<PathBuf>,
        root: Option<PathBuf>,
    },
    Opened {
        uri: Uri,
        language: String,
        version: i32,
        text: String,
    },
    Changed {
        uri: Uri,
        version: i32,
        text: String,
    },
    Closed {
        uri: Uri,
    },
    /// Files on disk may have changed: the editor saved a document or
    /// reported changed files it watches.
    FilesChanged,
    SetBreakpoints {
        file: PathBuf,
        breakpoints: Vec<SourceBreakpoint>,
        reply: oneshot::Sender<Vec<BreakpointVerdict>>,
    },
    Snapshot(oneshot::Sender<Snapshot>),
    /// From the worker that opened the binary.
    BinaryLoaded {
        path: PathBuf,
        loaded: Result<(Arc<DwarfScopes>, PathMapper), String>,
    },
    /// From a worker: a condition document's diagnostics at `epoch`.
    ConditionChecked {
        uri: Uri,
        epoch: u64,
        diagnostics: Vec<Diagnostic>,
    },
    /// From a worker: the verdicts on a file's breakpoints at `epoch`.
    BreakpointsChecked {
        file: PathBuf,
        epoch: u64,
        verdicts: Vec<BreakpointVerdict>,
        diagnostics: Vec<Diagnostic>,
        reply: Option<oneshot::Sender<Vec<BreakpointVerdict>>>,
    },
    /// The endpoint started serving a debug session.
    SessionStarted {
        id: SessionId,
    },
    /// What a debug session reported through its event sink.
    Session {
        id: SessionId,
        event: SessionEvent,
    },
}

/// What the owner sends to the editor.
pub enum Outgoing {
    Diagnostics { uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32> },
    Message { kind: MessageType, text: String },
}

/// The handlers' way to the owner.
#[derive(Clone)]
pub struct WorldHandle {
    tx: mpsc::UnboundedSender<Event>,
}

impl WorldHandle {
    /// Queues `event`; the owner applies events in the order they are sent.
    pub fn send(&self, event: Event) {
        if self.tx.send(event).is_err() {
            tracing::debug!("state owner gone; event dropped");
        }
    }

    /// The state after every event sent before this call.
    pub async fn snapshot(&self) -> Option<Snapshot> {
        let (tx, rx) = oneshot::channel();
        self.send(Event::Snapshot(tx));
        rx.await.ok()
    }
}

/// A monotonically increasing counter per key: work started at an older
/// epoch is stale. Shared with workers so they can skip stale work early.
#[derive(Default)]
struct Epochs(HashMap<String, Arc<AtomicU64>>);

impl Epochs {
    fn bump(&mut self, key: &str) -> (u64, Arc<AtomicU64>) {
        let counter = self.0.entry(key.to_string()).or_default().clone();
        (counter.fetch_add(1, Ordering::SeqCst) + 1, counter)
    }

    fn current(&self, key: &str) -> u64 {
        self.0.get(key).map_or(0, |c| c.load(Ordering::SeqCst))
    }
}

/// One file's breakpoints, from each place that sets them. The set in
/// force is the one a live session set last, else the editor's own.
#[derive(Default)]
struct FileBreakpoints {
    /// Set with `dlvbridge/setBreakpoints`: the file's breakpoints outside
    /// debug sessions.
    own: Option<Vec<SourceBreakpoint>>,
    /// Set by debug sessions: when (the owner's clock), and each breakpoint
    /// with what the session told the editor about it.
    sessions: BTreeMap<SessionId, (u64, Vec<(SourceBreakpoint, BreakpointVerdict)>)>,
}

/// The breakpoints in force in a file.
struct InForce {
    /// The session that set them, if one did.
    session: Option<SessionId>,
    breakpoints: Vec<SourceBreakpoint>,
    /// What that session told the editor about each.
    session_verdicts: Option<Vec<BreakpointVerdict>>,
}

impl FileBreakpoints {
    fn in_force(&self) -> Option<InForce> {
        match self.sessions.iter().max_by_key(|(_, (when, _))| *when) {
            Some((id, (_, set))) => {
                let (breakpoints, verdicts) = set.iter().cloned().unzip();
                Some(InForce { session: Some(*id), breakpoints, session_verdicts: Some(verdicts) })
            }
            None => self.own.clone().map(|own| InForce { session: None, breakpoints: own, session_verdicts: None }),
        }
    }
}

/// What the owner keeps of one debug session.
#[derive(Default)]
struct Session {
    /// The session's scopes, and when they came (the owner's clock).
    scopes: Option<(u64, Scopes)>,
    /// Where it is stopped, and since when.
    stop: Option<(u64, Arc<LiveStop>)>,
}

pub struct World {
    tx: mpsc::UnboundedSender<Event>,
    out: mpsc::UnboundedSender<Outgoing>,
    /// The scopes outside any debug session.
    static_scopes: Scopes,
    /// The debug sessions being served.
    sessions: BTreeMap<SessionId, Session>,
    /// Orders what sessions report: when several disagree, the latest wins.
    clock: u64,
    documents: Arc<HashMap<Uri, Arc<Document>>>,
    breakpoints: HashMap<PathBuf, FileBreakpoints>,
    root: Option<PathBuf>,
    epochs: Epochs,
    scopes_generation: u64,
    line_items: Arc<super::handlers::completion::LineItemsCache>,
    /// How many stops were seen; the generation of the one in force (0:
    /// none), shared with every [`LiveStop`].
    stops_seen: u64,
    current_stop: Arc<AtomicU64>,
    scope_memo: Arc<ScopeMemo>,
    files_generation: u64,
}

/// Starts the owner task; `out` carries what goes to the editor.
pub fn start(out: mpsc::UnboundedSender<Outgoing>) -> WorldHandle {
    let (tx, rx) = mpsc::unbounded_channel();
    let world = World {
        tx: tx.clone(),
        out,
        static_scopes: Scopes::default(),
        sessions: BTreeMap::new(),
        clock: 0,
        documents: Arc::default(),
        breakpoints: HashMap::new(),
        root: None,
        epochs: Epochs::default(),
        scopes_generation: 0,
        line_items: Arc::default(),
        stops_seen: 0,
        current_stop: Arc::default(),
        scope_memo: Arc::default(),
        files_generation: 0,
    };
    tokio::spawn(world.run(rx));
    WorldHandle { tx }
}

impl World {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Event>) {
        while let Some(event) = rx.recv().await {
            self.apply(event);
        }
        tracing::debug!("state owner done");
    }

    /// The scopes in force: those a live session reported last, else the
    /// static ones.
    fn scopes(&self) -> &Scopes {
        let latest = self.sessions.values().filter_map(|s| s.scopes.as_ref()).max_by_key(|(when, _)| *when);
        latest.map_or(&self.static_scopes, |(_, scopes)| scopes)
    }

    /// The stop in force: the latest of the sessions stopped now.
    fn stop(&self) -> Option<&Arc<LiveStop>> {
        let latest = self.sessions.values().filter_map(|s| s.stop.as_ref()).max_by_key(|(when, _)| *when);
        latest.map(|(_, stop)| stop)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            scopes: self.scopes().clone(),
            scopes_generation: self.scopes_generation,
            documents: self.documents.clone(),
            line_items: self.line_items.clone(),
            stop: self.stop().cloned(),
            live: None,
            scope_memo: self.scope_memo.clone(),
            files_generation: self.files_generation,
        }
    }

    fn apply(&mut self, event: Event) {
        match event {
            Event::Initialize { binary, root } => {
                self.root = root;
                if let Some(path) = binary {
                    self.load_binary(path);
                }
            }
            Event::Opened { uri, language, version, text } => {
                let target = DocTarget::of(&uri, Some(&language));
                tracing::debug!(uri = uri.as_str(), ?target, "opened");
                self.put_document(Document { uri, version, text: text.into(), target }, true);
            }
            Event::Changed { uri, version, text } => {
                let Some(old) = self.documents.get(&uri) else {
                    tracing::warn!(uri = uri.as_str(), "change to a document that is not open");
                    return;
                };
                if version < old.version {
                    tracing::debug!(uri = uri.as_str(), version, "older change dropped");
                    return;
                }
                let target = old.target.clone();
                self.put_document(Document { uri, version, text: text.into(), target }, false);
            }
            Event::Closed { uri } => {
                let mut docs = (*self.documents).clone();
                if let Some(doc) = docs.remove(&uri) {
                    self.documents = Arc::new(docs);
                    self.epochs.bump(uri.as_str());
                    match doc.target {
                        // What is on disk answers for the file again.
                        DocTarget::Go(_) => self.files_generation += 1,
                        _ => self.publish(uri, Vec::new(), None),
                    }
                }
            }
            Event::FilesChanged => {
                self.files_generation += 1;
                self.recheck_all();
            }
            Event::SetBreakpoints { file, breakpoints, reply } => {
                let entry = self.breakpoints.entry(file.clone()).or_default();
                entry.own = Some(breakpoints.clone());
                if entry.sessions.is_empty() {
                    self.check_breakpoints(&file, Some(reply));
                } else {
                    // A debug session's set is in force: answer, show nothing.
                    self.judge_breakpoints(&file, breakpoints, reply);
                }
            }
            Event::Snapshot(reply) => {
                let _ = reply.send(self.snapshot());
            }
            Event::BinaryLoaded { path, loaded } => match loaded {
                Ok((dwarf, paths)) => {
                    tracing::info!(binary = %path.display(), rules = paths.rules().len(), "binary loaded");
                    self.static_scopes = self.static_scopes.clone().with_binary(Some(dwarf)).with_paths(paths);
                    self.scopes_generation += 1;
                    self.recheck_all();
                }
                Err(e) => {
                    let text =
                        format!("dlvbridge: cannot use the binary {}: {e}; answering from the sources", path.display());
                    tracing::warn!("{text}");
                    let _ = self.out.send(Outgoing::Message { kind: MessageType::WARNING, text });
                }
            },
            Event::ConditionChecked { uri, epoch, diagnostics } => {
                if epoch == self.epochs.current(uri.as_str()) {
                    let version = self.documents.get(&uri).map(|d| d.version);
                    self.publish(uri, diagnostics, version);
                }
            }
            Event::BreakpointsChecked { file, epoch, verdicts, diagnostics, reply } => {
                if let Some(reply) = reply {
                    let _ = reply.send(verdicts.clone());
                }
                if epoch == self.epochs.current(&breakpoints_key(&file)) {
                    if let Some(uri) = self.uri_of_go_file(&file) {
                        self.publish(uri, diagnostics, None);
                    }
                }
            }
            Event::SessionStarted { id } => {
                tracing::info!(session = id, "debug session started");
                self.sessions.insert(id, Session::default());
            }
            Event::Session { id, event } => self.apply_session_event(id, event),
        }
    }

    /// Where a debug session's reports change what the editor sees. With
    /// several sessions at once, the latest report of each kind wins: the
    /// scopes a session reported last, each file's breakpoints as a session
    /// set them last, the latest stop among the sessions stopped now. When
    /// a session ends, what it reported goes, and the others' (else the
    /// static state) is in force again.
    fn apply_session_event(&mut self, id: SessionId, event: SessionEvent) {
        if !self.sessions.contains_key(&id) {
            tracing::debug!(session = id, "report of a session that is over; dropped");
            return;
        }
        self.clock += 1;
        let now = self.clock;
        match event {
            SessionEvent::Scopes(scopes) => {
                if let Some(session) = self.sessions.get_mut(&id) {
                    session.scopes = Some((now, scopes));
                }
                self.scopes_generation += 1;
                self.recheck_all();
            }
            SessionEvent::Breakpoints { path, breakpoints } => {
                let file = PathBuf::from(path);
                let set = breakpoints.into_iter().map(from_session).collect();
                self.breakpoints.entry(file.clone()).or_default().sessions.insert(id, (now, set));
                self.check_breakpoints(&file, None);
            }
            SessionEvent::Stopped(stopped) => {
                let Stopped { frame, delve, reason, .. } = stopped;
                let scopes = match self.sessions.get(&id).and_then(|s| s.scopes.as_ref()) {
                    Some((_, scopes)) => scopes.clone(),
                    None => self.scopes().clone(),
                };
                self.stops_seen += 1;
                let stop = LiveStop::new(self.stops_seen, self.current_stop.clone(), frame, delve, scopes);
                tracing::debug!(session = id, %reason, ?stop, "stopped");
                if let Some(session) = self.sessions.get_mut(&id) {
                    session.stop = stop.map(|s| (now, Arc::new(s)));
                }
                self.stop_changed();
            }
            SessionEvent::Continued => {
                if let Some(session) = self.sessions.get_mut(&id) {
                    session.stop = None;
                }
                self.stop_changed();
            }
            SessionEvent::Ended => {
                tracing::info!(session = id, "debug session ended");
                let Some(session) = self.sessions.remove(&id) else { return };
                let mut files = Vec::new();
                for (file, entry) in &mut self.breakpoints {
                    if entry.sessions.remove(&id).is_some() {
                        files.push(file.clone());
                    }
                }
                for file in &files {
                    self.check_breakpoints(file, None);
                }
                if session.stop.is_some() {
                    self.stop_changed();
                }
                if session.scopes.is_some() {
                    self.scopes_generation += 1;
                    self.recheck_all();
                }
            }
        }
    }

    /// After a stop began or ended: live answers for the stop in force
    /// only, and condition documents checked again (live at its line,
    /// static elsewhere).
    fn stop_changed(&mut self) {
        let generation = self.stop().map_or(0, |s| s.generation);
        if self.current_stop.swap(generation, Ordering::SeqCst) != generation {
            self.recheck_conditions();
        }
    }

    fn put_document(&mut self, doc: Document, opened: bool) {
        let uri = doc.uri.clone();
        let target = doc.target.clone();
        let text = doc.text.clone();
        let mut docs = (*self.documents).clone();
        docs.insert(uri.clone(), Arc::new(doc));
        self.documents = Arc::new(docs);
        match target {
            DocTarget::Condition(_) | DocTarget::BadCondition(_) => self.check_condition(&uri),
            DocTarget::Go(path) => {
                if opened {
                    self.index_in_background(path.clone(), text);
                }
                if self.breakpoints.contains_key(&path) {
                    self.check_breakpoints(&path, None);
                }
            }
            DocTarget::Other(why) => tracing::debug!(uri = uri.as_str(), "not served: {why}"),
        }
    }

    fn recheck_all(&mut self) {
        self.recheck_conditions();
        let files: Vec<PathBuf> = self.breakpoints.keys().cloned().collect();
        for file in files {
            self.check_breakpoints(&file, None);
        }
    }

    fn recheck_conditions(&mut self) {
        let conditions: Vec<Uri> = self
            .documents
            .values()
            .filter(|d| matches!(d.target, DocTarget::Condition(_) | DocTarget::BadCondition(_)))
            .map(|d| d.uri.clone())
            .collect();
        for uri in conditions {
            self.check_condition(&uri);
        }
    }

    /// Checks a condition document on a worker (against the live frame
    /// when the program is stopped at its line); the newest text wins.
    fn check_condition(&mut self, uri: &Uri) {
        let (epoch, counter) = self.epochs.bump(uri.as_str());
        let snapshot = self.snapshot();
        let tx = self.tx.clone();
        let uri = uri.clone();
        let ask = super::handlers::diagnostics::live_ask(&snapshot, &uri);
        let check = move |snapshot: Snapshot| {
            if counter.load(Ordering::SeqCst) != epoch {
                return; // a newer text is already queued
            }
            let Some(doc) = snapshot.document(&uri) else { return };
            let diagnostics = super::handlers::diagnostics::condition(&snapshot, doc);
            let _ = tx.send(Event::ConditionChecked { uri, epoch, diagnostics });
        };
        let live = ask.filter(|a| snapshot.stop.as_ref().is_some_and(|s| s.is_at(&a.file, a.line)));
        match live {
            None => drop(tokio::task::spawn_blocking(move || check(snapshot))),
            Some(ask) => drop(tokio::spawn(async move {
                let snapshot = live::prepare(snapshot, Some(ask)).await;
                let _ = tokio::task::spawn_blocking(move || check(snapshot)).await;
            })),
        }
    }

    /// Checks the breakpoints in force in `file` on a worker and shows
    /// them; with none left, clears the file's diagnostics.
    fn check_breakpoints(&mut self, file: &Path, reply: Option<oneshot::Sender<Vec<BreakpointVerdict>>>) {
        let (epoch, counter) = self.epochs.bump(&breakpoints_key(file));
        let Some(InForce { session, breakpoints, session_verdicts }) =
            self.breakpoints.get(file).and_then(FileBreakpoints::in_force)
        else {
            if self.breakpoints.remove(file).is_some() {
                if let Some(uri) = self.uri_of_go_file(file) {
                    self.publish(uri, Vec::new(), None);
                }
            }
            if let Some(reply) = reply {
                let _ = reply.send(Vec::new());
            }
            return;
        };
        // A session's breakpoints are judged with the scopes its bridge
        // judged them with.
        let session_scopes = session.and_then(|id| self.sessions.get(&id)?.scopes.as_ref().map(|(_, s)| s.clone()));
        let mut snapshot = self.snapshot();
        if let Some(scopes) = session_scopes {
            snapshot.scopes = scopes;
        }
        let tx = self.tx.clone();
        let file = file.to_path_buf();
        tokio::task::spawn_blocking(move || {
            if reply.is_none() && counter.load(Ordering::SeqCst) != epoch {
                return;
            }
            let (verdicts, diagnostics) =
                super::handlers::breakpoints::verdicts(&snapshot, &file, &breakpoints, session_verdicts.as_deref());
            let _ = tx.send(Event::BreakpointsChecked { file, epoch, verdicts, diagnostics, reply });
        });
    }

    /// Verdicts on `breakpoints` for a reply only, shown nowhere.
    fn judge_breakpoints(
        &self,
        file: &Path,
        breakpoints: Vec<SourceBreakpoint>,
        reply: oneshot::Sender<Vec<BreakpointVerdict>>,
    ) {
        let snapshot = self.snapshot();
        let file = file.to_path_buf();
        tokio::task::spawn_blocking(move || {
            let (verdicts, _) = super::handlers::breakpoints::verdicts(&snapshot, &file, &breakpoints, None);
            let _ = reply.send(verdicts);
        });
    }

    /// Reads the package of a newly opened Go file (and its imports) on a
    /// worker, so the first completion finds it ready.
    fn index_in_background(&self, path: PathBuf, text: Arc<str>) {
        let scopes = self.scopes().clone();
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let line = super::text::LineIndex::new(&text).line_count().div_ceil(2).max(1);
            let result = scopes.source().scope_in_text(&path, &text, line);
            tracing::debug!(file = %path.display(), ok = result.is_ok(), elapsed = ?started.elapsed(), "indexed");
        });
    }

    /// Opens `path`'s debug info and infers its path rules on a worker; the
    /// sources answer until it is ready.
    fn load_binary(&self, path: PathBuf) {
        let tx = self.tx.clone();
        let root = self.root.clone().unwrap_or_else(|| PathBuf::from("."));
        let documents = self.documents.clone();
        tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let loaded = DwarfScopes::open(&path).map_err(|e| e.to_string()).map(|dwarf| {
                let inference = crate::workspace::infer_paths(dwarf.binary(), &root);
                let paths = PathMapper::new(inference.rules);
                let dwarf = Arc::new(dwarf);
                // The first scope reads every line table: do it here, not
                // on the first keystroke after the swap.
                let warm = Scopes::default().with_binary(Some(dwarf.clone())).with_paths(paths.clone());
                if let Some(file) = documents.values().find_map(|d| match &d.target {
                    DocTarget::Go(p) => Some(p.clone()),
                    DocTarget::Condition(c) => Some(c.file.clone()),
                    _ => None,
                }) {
                    let _ = warm.at(&file, 1);
                }
                (dwarf, paths)
            });
            tracing::debug!(binary = %path.display(), elapsed = ?started.elapsed(), "binary opened");
            let _ = tx.send(Event::BinaryLoaded { path, loaded });
        });
    }

    fn uri_of_go_file(&self, file: &Path) -> Option<Uri> {
        let open = self.documents.values().find(|d| d.target == DocTarget::Go(file.to_path_buf()));
        open.map(|d| d.uri.clone()).or_else(|| file_uri(file))
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let _ = self.out.send(Outgoing::Diagnostics { uri, diagnostics, version });
    }
}

/// A breakpoint as a session set it, with what the editor was told.
fn from_session(bp: BreakpointState) -> (SourceBreakpoint, BreakpointVerdict) {
    let BreakpointState { line, condition, hit_condition, log_message, verified, message } = bp;
    // No line: not a line breakpoint; never matches a line of the file.
    let source = SourceBreakpoint { line: line.unwrap_or(0), condition, hit_condition, log_message };
    (source, BreakpointVerdict { verified, message })
}

fn breakpoints_key(file: &Path) -> String {
    format!("breakpoints:{}", file.display())
}

#[cfg(test)]
mod tests {
    //! What wins when debug sessions and the editor set a file's
    //! breakpoints, and what a stop whose session is gone answers.

    use super::*;
    use crate::dap_bridge::live_scope::LiveFrame;
    use crate::dap_bridge::{DelveHandle, Timeouts};

    fn fixture() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lsp/orders/main.go")
    }

    fn told(line: i64, condition: &str, message: &str) -> BreakpointState {
        BreakpointState {
            line: Some(line),
            condition: Some(condition.to_string()),
            hit_condition: None,
            log_message: None,
            verified: true,
            message: Some(message.to_string()),
        }
    }

    /// The next diagnostics published for `uri`, one `line: message` each.
    async fn shown(out: &mut mpsc::UnboundedReceiver<Outgoing>, uri: &Uri) -> String {
        loop {
            let next = tokio::time::timeout(std::time::Duration::from_secs(30), out.recv()).await;
            match next.expect("diagnostics in time").expect("the owner runs") {
                Outgoing::Diagnostics { uri: u, diagnostics, .. } if &u == uri => {
                    let lines: Vec<String> =
                        diagnostics.iter().map(|d| format!("{}: {}", d.range.start.line + 1, d.message)).collect();
                    return if lines.is_empty() { "(none)".to_string() } else { lines.join("; ") };
                }
                _ => {}
            }
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
    }

    #[test]
    fn the_latest_session_set_wins_and_each_end_reveals_the_one_before() {
        runtime().block_on(async {
            let (tx, mut out) = mpsc::unbounded_channel();
            let world = start(tx);
            let file = fixture();
            let uri = file_uri(&file).unwrap();
            let (reply, _) = oneshot::channel();
            let own = vec![SourceBreakpoint { line: 53, condition: None, hit_condition: None, log_message: None }];
            world.send(Event::SetBreakpoints { file: file.clone(), breakpoints: own, reply });
            let path = file.to_string_lossy().to_string();
            let mut steps = Vec::new();
            steps.push(format!("own set: {}", shown(&mut out, &uri).await));
            for id in [1, 2] {
                world.send(Event::SessionStarted { id });
                let breakpoints = vec![told(56, "o.ID == 2", &format!("as session {id} set it"))];
                world.send(Event::Session { id, event: SessionEvent::Breakpoints { path: path.clone(), breakpoints } });
                steps.push(format!("session {id} sets: {}", shown(&mut out, &uri).await));
            }
            world.send(Event::Session { id: 2, event: SessionEvent::Ended });
            steps.push(format!("session 2 ends: {}", shown(&mut out, &uri).await));
            // Reported after its end: dropped.
            let late = vec![told(56, "o.ID == 3", "too late")];
            world.send(Event::Session {
                id: 2,
                event: SessionEvent::Breakpoints { path: path.clone(), breakpoints: late },
            });
            world.send(Event::Session { id: 1, event: SessionEvent::Ended });
            steps.push(format!("session 1 ends: {}", shown(&mut out, &uri).await));
            expect_test::expect![[r#"
                own set: 53: this breakpoint will not bind: line 53 is blank: no code to stop at
                session 1 sets: 56: as session 1 set it
                session 2 sets: 56: as session 2 set it
                session 2 ends: 56: as session 1 set it
                session 1 ends: 53: this breakpoint will not bind: line 53 is blank: no code to stop at
            "#]]
            .assert_eq(&(steps.join("\n") + "\n"));
        });
    }

    #[test]
    fn a_stop_whose_delve_is_gone_leaves_the_static_answers() {
        runtime().block_on(async {
            let (tx, mut out) = mpsc::unbounded_channel();
            let world = start(tx);
            let file = fixture();
            let uri: Uri = format!("go-breakpoint://{}?line=56&kind=condition", file.display()).parse().unwrap();
            let text = "o.Custmer != nil";
            world.send(Event::Opened {
                uri: uri.clone(),
                language: "go-breakpoint".into(),
                version: 1,
                text: text.into(),
            });
            let statically = shown(&mut out, &uri).await;
            assert!(statically.contains("did you mean `Customer`"), "{statically}");

            world.send(Event::SessionStarted { id: 1 });
            let gone = DelveHandle::new(|_| false, Timeouts::default(), Some(1));
            let frame = LiveFrame { id: 1000, path: Some(file.to_string_lossy().into()), line: 56 };
            let stopped = Stopped {
                thread_id: 1,
                reason: "breakpoint".into(),
                frame,
                function: "main.process".into(),
                delve: gone,
            };
            world.send(Event::Session { id: 1, event: SessionEvent::Stopped(stopped) });
            // Checked again for the stop; Delve cannot answer: the same verdict.
            assert_eq!(shown(&mut out, &uri).await, statically);
            let snapshot = world.snapshot().await.unwrap();
            assert!(snapshot.stop.as_ref().is_some_and(|s| s.is_current() && s.is_at(&file, 56)));
            let ask = live::LiveAsk { file: file.clone(), line: 56, chain: vec!["o".into()] };
            assert!(live::prepare(snapshot, Some(ask)).await.live.is_none(), "no live scope without Delve");

            world.send(Event::Session { id: 1, event: SessionEvent::Continued });
            assert_eq!(shown(&mut out, &uri).await, statically);
            assert!(world.snapshot().await.unwrap().stop.is_none());
        });
    }
}
