//! The one owner of the LSP side's mutable state: open documents,
//! breakpoints and their verdicts, the scopes (sources, and the binary once
//! it is loaded). It runs as one task that applies [`Event`]s in the order
//! they arrive — from the editor's LSP handlers, from workers, and from
//! debug sessions ([`DebugEvent`]) — and hands read-only [`Snapshot`]s to
//! workers. Slow work (scopes, checks, opening a binary) never runs here;
//! a worker's result older than the newest input is dropped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use ls_types::{Diagnostic, MessageType, Uri};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use super::uri::{DocTarget, file_uri};
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
}

impl Snapshot {
    pub fn document(&self, uri: &Uri) -> Option<&Arc<Document>> {
        self.documents.get(uri)
    }

    /// The editor's text of the Go file at `path`, when it is open.
    pub fn go_text(&self, path: &Path) -> Option<Arc<str>> {
        self.documents.values().find(|d| d.target == DocTarget::Go(path.to_path_buf())).map(|d| d.text.clone())
    }

    /// What Delve can evaluate at `file:line`, from the editor's unsaved
    /// text of the file when it is open.
    pub fn scope_at(&self, file: &Path, line: u32) -> Result<Resolved, ScopeError> {
        match self.go_text(file) {
            Some(text) => self.scopes.at_in_text(file, &text, line),
            None => self.scopes.at(file, line),
        }
    }
}

/// What happens in a debug session that the LSP side shows. The DAP
/// bridge's session sink feeds these (wired where the endpoint serves a
/// session); applied by [`World::apply_debug_event`].
#[derive(Debug)]
pub enum DebugEvent {
    /// A session started debugging a binary: its scopes (binary and path
    /// rules) replace the static ones while it lasts.
    Started {
        scopes: Scopes,
    },
    /// Breakpoints the session set in `file`, with the bridge's verdicts.
    BreakpointsSet {
        file: PathBuf,
        breakpoints: Vec<(SourceBreakpoint, BreakpointVerdict)>,
    },
    /// The program stopped at `file:line`. The live frame (the dynamic
    /// types behind interface values) is not used yet.
    Stopped {
        file: PathBuf,
        line: u32,
    },
    Continued,
    /// The session ended: back to the static scopes.
    Ended,
}

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
    Debug(DebugEvent),
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

struct FileBreakpoints {
    breakpoints: Vec<SourceBreakpoint>,
    verdicts: Vec<BreakpointVerdict>,
    /// Set by a debug session: its verdicts stand until it ends.
    from_session: bool,
}

pub struct World {
    tx: mpsc::UnboundedSender<Event>,
    out: mpsc::UnboundedSender<Outgoing>,
    /// The scopes outside any debug session.
    static_scopes: Scopes,
    /// A debug session's scopes while one runs.
    session_scopes: Option<Scopes>,
    documents: Arc<HashMap<Uri, Arc<Document>>>,
    breakpoints: HashMap<PathBuf, FileBreakpoints>,
    root: Option<PathBuf>,
    epochs: Epochs,
    scopes_generation: u64,
    line_items: Arc<super::handlers::completion::LineItemsCache>,
}

/// Starts the owner task; `out` carries what goes to the editor.
pub fn start(out: mpsc::UnboundedSender<Outgoing>) -> WorldHandle {
    let (tx, rx) = mpsc::unbounded_channel();
    let world = World {
        tx: tx.clone(),
        out,
        static_scopes: Scopes::default(),
        session_scopes: None,
        documents: Arc::default(),
        breakpoints: HashMap::new(),
        root: None,
        epochs: Epochs::default(),
        scopes_generation: 0,
        line_items: Arc::default(),
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

    fn scopes(&self) -> &Scopes {
        self.session_scopes.as_ref().unwrap_or(&self.static_scopes)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            scopes: self.scopes().clone(),
            scopes_generation: self.scopes_generation,
            documents: self.documents.clone(),
            line_items: self.line_items.clone(),
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
                    if !matches!(doc.target, DocTarget::Go(_)) {
                        self.publish(uri, Vec::new(), None);
                    }
                }
            }
            Event::SetBreakpoints { file, breakpoints, reply } => {
                let entry = FileBreakpoints { breakpoints, verdicts: Vec::new(), from_session: false };
                self.breakpoints.insert(file.clone(), entry);
                self.check_breakpoints(&file, Some(reply));
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
                    if let Some(entry) = self.breakpoints.get_mut(&file) {
                        entry.verdicts = verdicts;
                    }
                    if let Some(uri) = self.uri_of_go_file(&file) {
                        self.publish(uri, diagnostics, None);
                    }
                }
            }
            Event::Debug(e) => self.apply_debug_event(e),
        }
    }

    /// Where a debug session's events change what the editor sees.
    pub fn apply_debug_event(&mut self, event: DebugEvent) {
        match event {
            DebugEvent::Started { scopes } => {
                self.session_scopes = Some(scopes);
                self.scopes_generation += 1;
                self.recheck_all();
            }
            DebugEvent::BreakpointsSet { file, breakpoints } => {
                let (breakpoints, verdicts) = breakpoints.into_iter().unzip();
                self.breakpoints.insert(file.clone(), FileBreakpoints { breakpoints, verdicts, from_session: true });
                self.check_breakpoints(&file, None);
            }
            DebugEvent::Stopped { file, line } => {
                tracing::debug!(file = %file.display(), line, "session stopped (live frame not used yet)");
            }
            DebugEvent::Continued => {}
            DebugEvent::Ended => {
                self.session_scopes = None;
                self.scopes_generation += 1;
                for entry in self.breakpoints.values_mut() {
                    entry.from_session = false;
                }
                self.recheck_all();
            }
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
        let conditions: Vec<Uri> = self
            .documents
            .values()
            .filter(|d| matches!(d.target, DocTarget::Condition(_) | DocTarget::BadCondition(_)))
            .map(|d| d.uri.clone())
            .collect();
        for uri in conditions {
            self.check_condition(&uri);
        }
        let files: Vec<PathBuf> = self.breakpoints.keys().cloned().collect();
        for file in files {
            self.check_breakpoints(&file, None);
        }
    }

    /// Checks a condition document on a worker; the newest text wins.
    fn check_condition(&mut self, uri: &Uri) {
        let (epoch, counter) = self.epochs.bump(uri.as_str());
        let snapshot = self.snapshot();
        let tx = self.tx.clone();
        let uri = uri.clone();
        tokio::task::spawn_blocking(move || {
            if counter.load(Ordering::SeqCst) != epoch {
                return; // a newer text is already queued
            }
            let Some(doc) = snapshot.document(&uri) else { return };
            let diagnostics = super::handlers::diagnostics::condition(&snapshot, doc);
            let _ = tx.send(Event::ConditionChecked { uri, epoch, diagnostics });
        });
    }

    fn check_breakpoints(&mut self, file: &Path, reply: Option<oneshot::Sender<Vec<BreakpointVerdict>>>) {
        let Some(entry) = self.breakpoints.get(file) else { return };
        let (epoch, counter) = self.epochs.bump(&breakpoints_key(file));
        let snapshot = self.snapshot();
        let breakpoints = entry.breakpoints.clone();
        let session_verdicts = entry.from_session.then(|| entry.verdicts.clone());
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
                let inference = crate::doctor::infer_paths(dwarf.binary(), &root);
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

fn breakpoints_key(file: &Path) -> String {
    format!("breakpoints:{}", file.display())
}
