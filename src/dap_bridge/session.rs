//! The bridge's core: one task owns all routing state. Reader tasks turn
//! frames into [`Input`]s, writer tasks turn messages into frames; this loop
//! decides. Each side has its own sequence space: a request forwarded to
//! Delve gets a Delve-side seq and a row in `pending`, and its response is
//! routed back by that row — never by guessing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

use super::breakpoints::{self, BpPlan};
use super::completions;
use super::envelope::{Kind, Message};
use super::path_fields::{self, Direction};
use super::target::{self, TempOutput};
use crate::expr::scope::ScopeAt;
use crate::paths::infer::Inference;
use crate::paths::{PathMapper, PathRule};
use crate::scope::Scopes;
use crate::scope::dwarf::DwarfScopes;
use crate::scope::source::SourceIndex;

/// Everything the core loop reacts to.
pub enum Input {
    FromEditor(Message),
    FromDelve(Message),
    /// The editor's stream ended (`None`) or broke.
    EditorClosed(Option<String>),
    DelveClosed(Option<String>),
    /// A request of the bridge's own for Delve; the answer (a response
    /// body, or the error text) goes back on `reply`.
    Internal {
        command: String,
        arguments: Value,
        reply: oneshot::Sender<Result<Value, String>>,
    },
    /// A response the bridge produced itself, for the editor.
    ToEditor(Message),
}

/// How a Delve response is routed and what is done to it on the way.
enum Pending {
    Editor {
        editor_seq: i64,
        command: String,
        fix: Fix,
    },
    Internal(oneshot::Sender<Result<Value, String>>),
    /// What Delve says about a binary that is not on this machine.
    Remote(RemoteQuery),
}

#[derive(Debug, Clone, Copy)]
enum RemoteQuery {
    /// `dlv sources`: the line tables' files.
    Sources,
    /// `runtime.modinfo`: the build info, for the main module.
    ModInfo,
}

/// The answers to [`RemoteQuery`]s gathered so far (`None`: not yet;
/// `Some(None)`: Delve could not say).
#[derive(Default)]
struct RemoteFacts {
    sources: Option<Option<String>>,
    main_module: Option<Option<String>>,
}

enum Fix {
    None,
    Initialize,
    SetBreakpoints {
        plan: BpPlan,
        source: Value,
    },
    /// A launch or attach: once it succeeds, the build paths can be known.
    Ready,
}

/// A stopped frame's location, as the editor sees it.
#[derive(Debug, Clone)]
pub struct FrameLoc {
    pub path: Option<String>,
    pub line: u32,
}

/// What a completions task needs to know about the session.
#[derive(Clone)]
pub struct SessionView {
    pub frames: HashMap<i64, FrameLoc>,
    pub stopped_thread: Option<i64>,
    pub columns_start_at_1: bool,
    pub scopes: Scopes,
    pub internal: mpsc::UnboundedSender<Input>,
}

pub struct Session {
    to_editor: mpsc::UnboundedSender<Vec<u8>>,
    to_delve: mpsc::UnboundedSender<Vec<u8>>,
    inputs: mpsc::UnboundedSender<Input>,
    editor_seq: i64,
    delve_seq: i64,
    pending: HashMap<i64, Pending>,
    /// Delve's reverse requests (runInTerminal) forwarded to the editor:
    /// editor-side seq → Delve's seq.
    reverse: HashMap<i64, i64>,
    strict: bool,
    mapper: PathMapper,
    index: Arc<SourceIndex>,
    columns_start_at_1: bool,
    frames: HashMap<i64, FrameLoc>,
    stopped_thread: Option<i64>,
    /// Messages the bridge attached to breakpoints, by id, so Delve's later
    /// `breakpoint` events keep them.
    bp_messages: HashMap<i64, String>,
    next_synthetic_bp: i64,
    terminated_sent: bool,
    disconnect_requested: bool,
    /// Delve runs elsewhere (`--connect`): its file system is not the
    /// editor's, so launch paths are mapped too.
    remote: bool,
    /// The debugged binary, when it is on this file system; its DWARF says
    /// exactly what Delve sees at a line. Opened on first use.
    binary: Option<std::path::PathBuf>,
    dwarf: Option<Option<Arc<DwarfScopes>>>,
    /// The editor's own `substitutePath` rules; inferred ones follow them.
    user_rules: Vec<PathRule>,
    /// Where the editor's sources are (launch `cwd`, else the bridge's).
    workspace: Option<std::path::PathBuf>,
    /// A launch/attach went to Delve and its paths are not inferred yet.
    awaiting_ready: bool,
    /// Editor requests held from a launch/attach until its path rules are
    /// known (after the build, or Delve's answer to `dlv sources`), so that
    /// none — breakpoints above all — is mapped with incomplete rules.
    held: Option<Vec<Message>>,
    /// The debug/test build output the bridge named; removed with it.
    temp_output: Option<TempOutput>,
    remote_facts: RemoteFacts,
}

/// Why the session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    EditorClosed,
    DelveClosed,
}

impl Session {
    pub fn new(
        to_editor: mpsc::UnboundedSender<Vec<u8>>,
        to_delve: mpsc::UnboundedSender<Vec<u8>>,
        inputs: mpsc::UnboundedSender<Input>,
    ) -> Session {
        Session {
            to_editor,
            to_delve,
            inputs,
            editor_seq: 0,
            delve_seq: 0,
            pending: HashMap::new(),
            reverse: HashMap::new(),
            strict: false,
            mapper: PathMapper::default(),
            index: Arc::new(SourceIndex::default()),
            columns_start_at_1: true,
            frames: HashMap::new(),
            stopped_thread: None,
            bp_messages: HashMap::new(),
            next_synthetic_bp: 1_000_000,
            terminated_sent: false,
            disconnect_requested: false,
            remote: false,
            binary: None,
            dwarf: None,
            user_rules: Vec::new(),
            workspace: None,
            awaiting_ready: false,
            held: None,
            temp_output: None,
            remote_facts: RemoteFacts::default(),
        }
    }

    /// The build output the bridge named, to be removed once Delve is gone.
    pub fn take_temp_output(&mut self) -> Option<TempOutput> {
        self.temp_output.take()
    }

    /// Delve runs on another machine or file system (`--connect`).
    pub fn set_remote(&mut self, remote: bool) {
        self.remote = remote;
    }

    pub fn disconnect_requested(&self) -> bool {
        self.disconnect_requested
    }

    /// Runs until one side closes.
    pub async fn run(&mut self, rx: &mut mpsc::UnboundedReceiver<Input>) -> Ended {
        while let Some(input) = rx.recv().await {
            match input {
                Input::FromEditor(m) => self.on_editor(m),
                Input::FromDelve(m) => self.on_delve(m),
                Input::Internal { command, arguments, reply } => {
                    let seq = self.send_delve(Message::request(&command, arguments));
                    self.pending.insert(seq, Pending::Internal(reply));
                }
                Input::ToEditor(m) => {
                    self.send_editor(m);
                }
                Input::EditorClosed(why) => {
                    match why {
                        Some(e) => {
                            tracing::error!("editor stream error, closing: {e}");
                            eprintln!("dlvbridge dap: {e}; closing the session");
                        }
                        None => tracing::info!("editor closed its stream"),
                    }
                    return Ended::EditorClosed;
                }
                Input::DelveClosed(why) => {
                    match &why {
                        Some(e) => {
                            tracing::error!("delve stream error, closing: {e}");
                            eprintln!("dlvbridge dap: {e}; closing the session");
                        }
                        None => tracing::info!("delve closed the connection"),
                    }
                    self.fail_pending(why.as_deref().unwrap_or("the connection to Delve closed"));
                    return Ended::DelveClosed;
                }
            }
        }
        Ended::EditorClosed
    }

    /// Every in-flight request gets an error response, then `terminated`.
    fn fail_pending(&mut self, why: &str) {
        let mut pending: Vec<(i64, Pending)> = self.pending.drain().collect();
        pending.sort_by_key(|(seq, _)| *seq);
        for (_, p) in pending {
            match p {
                Pending::Editor { editor_seq, command, .. } => {
                    let text = format!("dlv is gone: {why}");
                    self.send_editor(Message::error_to(editor_seq, &command, &text));
                }
                Pending::Internal(reply) => {
                    let _ = reply.send(Err(format!("dlv is gone: {why}")));
                }
                Pending::Remote(_) => {}
            }
        }
        for m in self.held.take().unwrap_or_default() {
            let text = format!("dlv is gone: {why}");
            self.send_editor(Message::error_to(m.seq, m.command(), &text));
        }
        if !self.terminated_sent && !self.disconnect_requested {
            self.terminated_sent = true;
            self.send_editor(Message::event("terminated", json!({})));
        }
    }

    fn send_editor(&mut self, mut m: Message) -> i64 {
        self.editor_seq += 1;
        m.seq = self.editor_seq;
        let _ = self.to_editor.send(m.to_bytes());
        m.seq
    }

    fn send_delve(&mut self, mut m: Message) -> i64 {
        self.delve_seq += 1;
        m.seq = self.delve_seq;
        let _ = self.to_delve.send(m.to_bytes());
        m.seq
    }

    fn forward_request(&mut self, m: Message, fix: Fix) {
        let editor_seq = m.seq;
        let command = m.command().to_string();
        let seq = self.send_delve(m);
        self.pending.insert(seq, Pending::Editor { editor_seq, command, fix });
    }

    fn on_editor(&mut self, mut m: Message) {
        match m.kind {
            Kind::Request => match &mut self.held {
                Some(held) => held.push(m),
                None => self.on_editor_request(m),
            },
            Kind::Response => {
                let Some(delve_seq) = m.request_seq.and_then(|s| self.reverse.remove(&s)) else {
                    tracing::warn!("editor answered unknown request {:?}; dropped", m.request_seq);
                    return;
                };
                m.request_seq = Some(delve_seq);
                self.send_delve(m);
            }
            Kind::Event => tracing::warn!("event {:?} from the editor; dropped", m.event),
        }
    }

    fn on_editor_request(&mut self, mut m: Message) {
        let command = m.command().to_string();
        match command.as_str() {
            "initialize" => {
                if let Some(args) = &m.arguments {
                    self.columns_start_at_1 = args.get("columnsStartAt1").and_then(Value::as_bool).unwrap_or(true);
                }
                self.forward_request(m, Fix::Initialize);
            }
            "launch" | "attach" => {
                if let Some(Value::Object(args)) = &mut m.arguments {
                    self.strict = args.remove("strictConditions").and_then(|v| v.as_bool()).unwrap_or(false);
                    // The bridge applies substitutePath itself on every path
                    // field, so Delve must not apply it a second time.
                    self.user_rules = args.remove("substitutePath").map(|r| parse_rules(&r)).unwrap_or_default();
                    // Delve builds debug/test programs where it is told to, or
                    // under a name nobody else learns: name the output, so the
                    // bridge can read the build (a spawned Delve shares this
                    // file system).
                    if !self.remote && target::needs_output(&command, args) {
                        match TempOutput::create() {
                            Ok(t) => {
                                tracing::info!("build output named by the bridge: {}", t.file().display());
                                args.insert("output".to_string(), Value::String(t.file().to_string_lossy().into()));
                                self.temp_output = Some(t);
                            }
                            Err(e) => tracing::warn!("no private folder for the build output: {e}"),
                        }
                    }
                    self.binary = target::local_binary(&command, args, self.remote);
                    self.dwarf = None;
                    self.workspace = args
                        .get("cwd")
                        .and_then(Value::as_str)
                        .map(std::path::PathBuf::from)
                        .filter(|d| d.is_dir())
                        .or_else(|| std::env::current_dir().ok());
                    // The inferred rules join once Delve has the binary (a
                    // debug/test build exists only then); what the editor
                    // sends meanwhile waits for them.
                    self.awaiting_ready = true;
                    self.held.get_or_insert_with(Vec::new);
                    self.mapper = PathMapper::new(self.user_rules.clone());
                    // A Delve spawned here shares the editor's file system:
                    // `program` and `cwd` already name the right files.
                    if self.remote {
                        for key in ["program", "cwd", "output"] {
                            if let Some(Value::String(p)) = args.get_mut(key) {
                                let mapped = self.mapper.to_delve(p).into_owned();
                                *p = mapped;
                            }
                        }
                    }
                }
                self.forward_request(m, Fix::Ready);
            }
            "restart" => {
                // Delve answers first, may rebuild, then sends `initialized`.
                self.awaiting_ready = true;
                self.forward_request(m, Fix::None);
            }
            "setBreakpoints" => {
                let args = m.arguments.take().unwrap_or(Value::Null);
                let scopes = self.scopes();
                let scope_at = |file: &std::path::Path, line: u32| -> Result<ScopeAt, String> {
                    scopes.at(file, line).map(|r| r.scope).map_err(|e| e.to_string())
                };
                let (mut to_delve, plan) = breakpoints::plan(&args, &scope_at, self.strict);
                let source = args.get("source").cloned().unwrap_or(Value::Null);
                path_fields::rewrite(&mut to_delve, &self.mapper, Direction::ToDelve);
                m.arguments = Some(to_delve);
                self.forward_request(m, Fix::SetBreakpoints { plan, source });
            }
            "setFunctionBreakpoints" => {
                // Conditions of function breakpoints are checked where Delve
                // stops: the function's entry, found in the debug info.
                let args = m.arguments.take().unwrap_or(Value::Null);
                let scopes = self.scopes();
                let scope_of = |name: &str| scopes.at_function(name).map(|r| r.map(|r| r.scope));
                let (to_delve, plan) = breakpoints::plan_functions(&args, &scope_of, self.strict);
                m.arguments = Some(to_delve);
                self.forward_request(m, Fix::SetBreakpoints { plan, source: Value::Null });
            }
            "completions" => {
                let view = SessionView {
                    frames: self.frames.clone(),
                    stopped_thread: self.stopped_thread,
                    columns_start_at_1: self.columns_start_at_1,
                    scopes: self.scopes(),
                    internal: self.inputs.clone(),
                };
                tokio::spawn(completions::answer(m, view));
            }
            "disconnect" | "terminate" => {
                self.disconnect_requested |= command == "disconnect";
                self.forward_request(m, Fix::None);
            }
            _ => {
                if let Some(args) = &mut m.arguments {
                    if path_fields::carries_paths(&command) {
                        path_fields::rewrite(args, &self.mapper, Direction::ToDelve);
                    }
                }
                self.forward_request(m, Fix::None);
            }
        }
    }

    fn on_delve(&mut self, mut m: Message) {
        match m.kind {
            Kind::Response => {
                let Some(pending) = m.request_seq.and_then(|s| self.pending.remove(&s)) else {
                    tracing::warn!("delve answered unknown request {:?}; dropped", m.request_seq);
                    return;
                };
                match pending {
                    Pending::Internal(reply) => {
                        let result = if m.is_success() {
                            Ok(m.body.take().unwrap_or(Value::Null))
                        } else {
                            Err(m.message.take().unwrap_or_else(|| "request failed".to_string()))
                        };
                        let _ = reply.send(result);
                    }
                    Pending::Editor { editor_seq, fix, .. } => {
                        m.request_seq = Some(editor_seq);
                        self.on_delve_response(m, fix);
                    }
                    Pending::Remote(query) => {
                        let result = m.body.as_ref().and_then(|b| b.get("result")).and_then(Value::as_str);
                        let result = result.filter(|_| m.is_success());
                        if result.is_none() {
                            tracing::info!("Delve did not answer {query:?}: {:?}", m.message);
                        }
                        match query {
                            RemoteQuery::Sources => self.remote_facts.sources = Some(result.map(str::to_string)),
                            RemoteQuery::ModInfo => {
                                self.remote_facts.main_module = Some(result.and_then(target::main_module_from_modinfo))
                            }
                        }
                        self.infer_from_delve();
                    }
                }
            }
            Kind::Event => self.on_delve_event(m),
            Kind::Request => {
                let delve_seq = m.seq;
                let seq = self.send_editor(m);
                self.reverse.insert(seq, delve_seq);
            }
        }
    }

    fn on_delve_response(&mut self, mut m: Message, fix: Fix) {
        let command = m.command().to_string();
        if let Some(body) = &mut m.body {
            if path_fields::carries_paths(&command) {
                path_fields::rewrite(body, &self.mapper, Direction::ToEditor);
            }
        }
        match fix {
            Fix::None => {}
            Fix::Ready => {
                if m.is_success() {
                    self.on_ready();
                } else if std::mem::take(&mut self.awaiting_ready) {
                    self.release_held();
                }
            }
            Fix::Initialize => {
                if m.is_success() {
                    let body = m.body.get_or_insert_with(|| json!({}));
                    if let Some(obj) = body.as_object_mut() {
                        obj.insert("supportsCompletionsRequest".to_string(), Value::Bool(true));
                        obj.entry("completionTriggerCharacters").or_insert_with(|| json!(["."]));
                    }
                }
            }
            Fix::SetBreakpoints { plan, source } => {
                if m.is_success() && (plan.has_problems() || plan.verdicts.iter().any(|v| v.delve_index.is_none())) {
                    let body = breakpoints::merge(&plan, m.body.as_ref(), &source, &mut self.next_synthetic_bp);
                    let events = self.remember_bp_messages(&body, &plan);
                    m.body = Some(body);
                    m.success = Some(true);
                    m.message = None;
                    self.send_editor(m);
                    // After the response, so the editor knows the ids.
                    for bp in events {
                        self.send_editor(Message::event("breakpoint", json!({"reason": "changed", "breakpoint": bp})));
                    }
                    return;
                }
            }
        }
        if command == "stackTrace" {
            self.remember_frames(m.body.as_ref());
        }
        self.send_editor(m);
    }

    /// Infers the path rules of the binary Delve now has: from its file
    /// when it is here, else from the file list Delve gives, holding the
    /// editor's requests until the answer.
    fn on_ready(&mut self) {
        if !std::mem::take(&mut self.awaiting_ready) {
            return;
        }
        self.dwarf = None;
        let Some(ws) = self.workspace.clone() else { return self.release_held() };
        if let Some(binary) = self.binary.clone().filter(|b| b.is_file()) {
            match crate::debuginfo::Binary::open(&binary) {
                Ok(b) => {
                    tracing::info!("inferring path rules from {}", binary.display());
                    let inferred = crate::workspace::infer_paths(&b, &ws);
                    self.apply_inferred(inferred);
                }
                Err(e) => tracing::info!("no path inference for {}: {e}", binary.display()),
            }
            return self.release_held();
        }
        tracing::info!("the debugged binary is not on this machine; asking Delve for its source files");
        self.remote_facts = RemoteFacts::default();
        for query in [RemoteQuery::Sources, RemoteQuery::ModInfo] {
            let expression = match query {
                RemoteQuery::Sources => target::SOURCES_EXPRESSION,
                RemoteQuery::ModInfo => target::MODINFO_EXPRESSION,
            };
            let arguments = json!({"expression": expression, "context": "repl"});
            let seq = self.send_delve(Message::request("evaluate", arguments));
            self.pending.insert(seq, Pending::Remote(query));
        }
        self.held.get_or_insert_with(Vec::new);
    }

    /// Handles the editor requests that waited for the path rules, in order.
    fn release_held(&mut self) {
        let mut queue = self.held.take().unwrap_or_default().into_iter();
        while let Some(m) = queue.next() {
            self.on_editor_request(m);
            // A held launch holds what follows it again.
            if let Some(held) = &mut self.held {
                held.extend(queue);
                return;
            }
        }
    }

    /// Once Delve answered every query: infers the rules from its file
    /// list and releases the held requests.
    fn infer_from_delve(&mut self) {
        let RemoteFacts { sources: Some(sources), main_module: Some(main_module) } = &self.remote_facts else {
            return;
        };
        if let (Some(listing), Some(ws)) = (sources, self.workspace.clone()) {
            let mut facts = target::binary_paths_from_sources(listing);
            facts.main_module = main_module.clone();
            tracing::info!("Delve lists {} source files; main module {:?}", facts.files.len(), facts.main_module);
            let inferred = crate::paths::infer::infer(&facts, &crate::workspace::gather(&ws));
            self.apply_inferred(inferred);
        }
        self.remote_facts = RemoteFacts::default();
        self.release_held();
    }

    fn apply_inferred(&mut self, inferred: Inference) {
        for r in &inferred.rules {
            tracing::info!("inferred path rule {} => {}: {}", r.from, r.to, r.why);
        }
        if !inferred.unmapped.is_empty() {
            tracing::info!("paths no rule maps: {:?}", inferred.unmapped);
        }
        let mut rules = self.user_rules.clone();
        rules.extend(inferred.rules);
        self.mapper = PathMapper::new(rules);
        tracing::info!("path rules: {:?}", self.mapper.rules());
    }

    /// Scopes for this session's binary and path rules.
    fn scopes(&mut self) -> Scopes {
        Scopes::new(self.index.clone()).with_binary(self.dwarf()).with_paths(self.mapper.clone())
    }

    /// The binary's debug info, opened once; `None` when there is no local
    /// binary or it cannot be read (the sources are used then).
    fn dwarf(&mut self) -> Option<Arc<DwarfScopes>> {
        if self.dwarf.is_none() {
            let opened = self.binary.as_ref().and_then(|b| match DwarfScopes::open(b) {
                Ok(d) => Some(Arc::new(d)),
                Err(e) => {
                    tracing::info!("no debug info from {}: {e}", b.display());
                    None
                }
            });
            self.dwarf = Some(opened);
        }
        self.dwarf.clone().flatten()
    }

    /// The breakpoints of a merged response that carry the bridge's message.
    fn remember_bp_messages(&mut self, body: &Value, plan: &BpPlan) -> Vec<Value> {
        let mut events = Vec::new();
        let bps = body.get("breakpoints").and_then(Value::as_array);
        for (bp, verdict) in bps.into_iter().flatten().zip(&plan.verdicts) {
            if verdict.problem.is_none() {
                continue;
            }
            if let (Some(id), Some(msg)) =
                (bp.get("id").and_then(Value::as_i64), bp.get("message").and_then(Value::as_str))
            {
                self.bp_messages.insert(id, msg.to_string());
                events.push(bp.clone());
            }
        }
        events
    }

    fn remember_frames(&mut self, body: Option<&Value>) {
        let frames = body.and_then(|b| b.get("stackFrames")).and_then(Value::as_array);
        for f in frames.into_iter().flatten() {
            let Some(id) = f.get("id").and_then(Value::as_i64) else { continue };
            let path = f.pointer("/source/path").and_then(Value::as_str).map(str::to_string);
            let line = f.get("line").and_then(Value::as_u64).unwrap_or(0) as u32;
            self.frames.insert(id, FrameLoc { path, line });
        }
    }

    fn on_delve_event(&mut self, mut m: Message) {
        let event = m.event_name().to_string();
        match event.as_str() {
            "stopped" => {
                self.frames.clear();
                self.stopped_thread = m.body.as_ref().and_then(|b| b.get("threadId")).and_then(Value::as_i64);
            }
            "continued" => self.frames.clear(),
            // Delve sends it right before the launch/attach response, when
            // the binary is built and loaded; the editor sets breakpoints
            // after it, so the rules must be known before it is forwarded.
            "initialized" => self.on_ready(),
            "terminated" => self.terminated_sent = true,
            "breakpoint" => {
                if let Some(bp) = m.body.as_mut().and_then(|b| b.get_mut("breakpoint")) {
                    let id = bp.get("id").and_then(Value::as_i64);
                    if let (Some(msg), Some(obj)) = (id.and_then(|id| self.bp_messages.get(&id)), bp.as_object_mut()) {
                        if !obj.contains_key("message") {
                            obj.insert("message".to_string(), Value::String(msg.clone()));
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(body) = &mut m.body {
            if path_fields::carries_paths(&event) {
                path_fields::rewrite(body, &self.mapper, Direction::ToEditor);
            }
        }
        self.send_editor(m);
    }
}

fn parse_rules(v: &Value) -> Vec<PathRule> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let from = r.get("from").and_then(Value::as_str)?;
            let to = r.get("to").and_then(Value::as_str)?;
            Some(PathRule::user(from, to))
        })
        .collect()
}

/// How long Delve gets to exit by itself before it is killed.
pub const DELVE_GRACE: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(v: Value) -> Message {
        serde_json::from_value(v).unwrap()
    }

    fn recv(rx: &mut mpsc::UnboundedReceiver<Vec<u8>>) -> Value {
        serde_json::from_slice(&rx.try_recv().expect("a message")).unwrap()
    }

    /// The routing table alone, with channels standing in for both peers.
    #[test]
    fn responses_are_routed_by_table_across_two_sequence_spaces() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (etx, mut erx) = mpsc::unbounded_channel();
            let (dtx, mut drx) = mpsc::unbounded_channel();
            let (itx, mut irx) = mpsc::unbounded_channel();
            let mut s = Session::new(etx, dtx, itx.clone());
            // The editor's seq 40 becomes Delve-side seq 1.
            s.on_editor(msg(json!({"seq": 40, "type": "request", "command": "threads", "x-extra": [1]})));
            let to_delve = recv(&mut drx);
            assert_eq!(to_delve, json!({"seq": 1, "type": "request", "command": "threads", "x-extra": [1]}));
            // A request of the bridge's own takes Delve-side seq 2.
            let (reply, answer) = oneshot::channel();
            itx.send(Input::Internal { command: "scopes".into(), arguments: json!({"frameId": 7}), reply }).unwrap();
            itx.send(Input::EditorClosed(None)).unwrap();
            s.run(&mut irx).await;
            assert_eq!(recv(&mut drx)["seq"], 2);
            // Delve answers out of order; each answer goes where its row says.
            s.on_delve(msg(json!({"seq": 5, "type": "response", "request_seq": 2, "command": "scopes", "success": true, "body": {"scopes": []}})));
            assert_eq!(answer.await.unwrap(), Ok(json!({"scopes": []})));
            assert!(erx.try_recv().is_err(), "the bridge's own answer never reaches the editor");
            s.on_delve(msg(json!({"seq": 6, "type": "response", "request_seq": 1, "command": "threads", "success": true, "body": {"threads": []}, "y": 2})));
            let to_editor = recv(&mut erx);
            assert_eq!(to_editor, json!({"seq": 1, "type": "response", "request_seq": 40, "command": "threads", "success": true, "body": {"threads": []}, "y": 2}));
            // A response nobody asked for is dropped, not guessed.
            s.on_delve(msg(json!({"seq": 7, "type": "response", "request_seq": 99, "command": "threads", "success": true})));
            assert!(erx.try_recv().is_err());
            // Events get editor-side seqs.
            s.on_delve(msg(json!({"seq": 8, "type": "event", "event": "output", "body": {"output": "x"}})));
            assert_eq!(recv(&mut erx)["seq"], 2);
            // A reverse request: Delve's seq 9 travels as editor-side seq 3;
            // the editor's answer goes back with request_seq 9.
            s.on_delve(msg(json!({"seq": 9, "type": "request", "command": "runInTerminal", "arguments": {"args": ["x"]}})));
            let rev = recv(&mut erx);
            assert_eq!((rev["seq"].clone(), rev["command"].clone()), (json!(3), json!("runInTerminal")));
            s.on_editor(msg(json!({"seq": 77, "type": "response", "request_seq": 3, "command": "runInTerminal", "success": true, "body": {"processId": 5}})));
            let answer = recv(&mut drx);
            assert_eq!((answer["seq"].clone(), answer["request_seq"].clone()), (json!(3), json!(9)));
            // Delve goes away: what is in flight fails, then `terminated`.
            s.on_editor(msg(json!({"seq": 41, "type": "request", "command": "continue", "arguments": {"threadId": 1}})));
            let _ = recv(&mut drx);
            s.fail_pending("EOF");
            let failed = recv(&mut erx);
            assert_eq!((failed["request_seq"].clone(), failed["success"].clone()), (json!(41), json!(false)));
            assert_eq!(failed["command"], "continue");
            assert_eq!(recv(&mut erx)["event"], "terminated");
        });
    }
}
