//! The bridge's core: one owner of a session's mutable state, reacting to
//! [`Input`]s one at a time — a message from the editor or from Delve, a
//! request of the bridge's own, slow work done, a deadline. It never
//! blocks: slow work runs on workers with read-only inputs ([`work`]) and
//! comes back as an input; editor requests that need its result wait in
//! order ([`queue`]) while everything else flows.
//!
//! Each side has its own sequence space: a request forwarded to Delve gets
//! a Delve-side seq and a row in the routing table ([`routing`]), and its
//! response is routed back by that row — never by guessing. Every row has
//! a deadline: past it the editor gets an error response (a `disconnect`
//! ends the session), so a frozen Delve never leaves a request unanswered.

mod alarm;
mod bp_messages;
mod frames;
mod launch;
mod paths;
mod queue;
mod routing;
mod work;

#[cfg(test)]
mod tests;

use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;

use self::bp_messages::BreakpointMessages;
use self::frames::StoppedFrames;
use self::launch::LaunchTarget;
use self::paths::PathState;
use self::queue::{EditorQueue, RulesWait};
use self::routing::{Expired, Followup, Pending, Routing};
use self::work::{Done, Outcome, Ticket};
use super::Timeouts;
use super::breakpoints::{self, BpPlan};
use super::completions::{self, ConsoleView};
use super::delve::{Call, DelveError, DelveHandle, StackFrame, StackTrace, StackTraceArguments};
use super::envelope::{Envelope, Kind, Message};
use super::events::{BreakpointState, EventSink, SessionEvent, Stopped};
use super::live_scope::LiveFrame;
use super::path_fields::{self, Direction};
use super::raw::{Payload, RawMessage};
use super::target::TempOutput;
use super::transport::{Charge, Closed, Outbox};

/// Everything the session reacts to. A message read from a peer carries
/// the [`Charge`] of its bytes, held until the session has handled it.
pub(super) enum Input {
    FromEditor(RawMessage, Charge),
    FromDelve(RawMessage, Charge),
    /// The editor's stream ended (`None`) or broke.
    EditorClosed(Option<Closed>),
    DelveClosed(Option<Closed>),
    /// What a spawned `dlv` (in Delve's default output mode, the
    /// debuggee) wrote to its `stdout` or `stderr`.
    Output {
        category: &'static str,
        output: String,
        charge: Charge,
    },
    /// A request of the bridge's own for Delve ([`DelveHandle`]).
    Call(Call),
    /// A response the bridge produced itself, for the editor.
    ToEditor(Box<Message>),
    /// Slow work ended, failed or ran out of time.
    Worked(Ticket, Box<Outcome>),
    /// The soonest deadline of a request in flight may have passed.
    DeadlineRang,
    /// Where stop `epoch` is (for the event sink).
    StopLocated {
        epoch: u64,
        thread: i64,
        reason: String,
        top: Box<Result<Option<StackFrame>, DelveError>>,
    },
}

/// How a session is set up.
#[derive(Debug, Clone, Default)]
pub(super) struct SessionOptions {
    /// Delve runs on another machine or file system (`--connect`).
    pub remote: bool,
    pub timeouts: Timeouts,
    pub events: Option<EventSink>,
}

/// Why the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    EditorClosed,
    DelveClosed,
    /// Delve did not answer `disconnect` in time: it must be ended.
    DelveUnresponsive,
}

/// Editor requests that are never held behind slow work: ending the
/// session, and what the bridge answers itself.
fn never_held(command: &str) -> bool {
    matches!(command, "disconnect" | "terminate" | "completions")
}

/// Editor requests whose arguments a rule reads or changes: these are
/// parsed; every other request goes on as its bytes (paths aside).
fn reads_arguments(command: &str) -> bool {
    matches!(command, "initialize" | "launch" | "attach" | "setBreakpoints" | "setFunctionBreakpoints" | "completions")
}

/// Editor requests after which the program runs on.
fn resumes(command: &str) -> bool {
    matches!(command, "continue" | "next" | "stepIn" | "stepOut" | "stepBack" | "reverseContinue" | "goto")
}

pub(super) struct Session {
    routing: Routing,
    /// The protocol error that ended the session, if one did.
    fatal: Option<String>,
    queue: EditorQueue,
    launch: LaunchTarget,
    paths: PathState,
    frames: StoppedFrames,
    bp_messages: BreakpointMessages,
    /// The editor counts columns from 1 (its `initialize`).
    columns_start_at_1: bool,
    terminated_sent: bool,
    disconnect_requested: bool,
    /// Where workers, timers and handles send their inputs.
    inputs: mpsc::UnboundedSender<Input>,
    timeouts: Timeouts,
    events: Option<EventSink>,
    next_ticket: Ticket,
}

impl Session {
    pub fn new(
        to_editor: Outbox,
        to_delve: Outbox,
        inputs: mpsc::UnboundedSender<Input>,
        options: SessionOptions,
    ) -> Session {
        Session {
            routing: Routing::new(to_editor, to_delve),
            fatal: None,
            queue: EditorQueue::default(),
            launch: LaunchTarget { remote: options.remote, ..LaunchTarget::default() },
            paths: PathState::default(),
            frames: StoppedFrames::default(),
            bp_messages: BreakpointMessages::default(),
            columns_start_at_1: true,
            terminated_sent: false,
            disconnect_requested: false,
            inputs,
            timeouts: options.timeouts,
            events: options.events,
            next_ticket: 0,
        }
    }

    /// The build output the bridge named, to be removed once Delve is gone.
    pub fn take_temp_output(&mut self) -> Option<TempOutput> {
        self.launch.temp_output.take()
    }

    pub fn disconnect_requested(&self) -> bool {
        self.disconnect_requested
    }

    /// The protocol error that ended the session (a malformed frame or
    /// message from either side), if one did.
    pub fn take_fatal(&mut self) -> Option<String> {
        self.fatal.take()
    }

    /// Nothing more goes to Delve.
    pub fn close_delve(&mut self) {
        self.routing.close_delve();
    }

    /// Forwards what `dlv`'s pipes still gave after the session ended (the
    /// last lines of a program that exited), until `pumps` end or `within`.
    pub async fn forward_last_output(
        &mut self,
        rx: &mut mpsc::UnboundedReceiver<Input>,
        pumps: Vec<tokio::task::JoinHandle<()>>,
        within: Duration,
    ) {
        let _ = tokio::time::timeout(within, async {
            for pump in pumps {
                let _ = pump.await;
            }
        })
        .await;
        while let Ok(input) = rx.try_recv() {
            if let Input::Output { category, output, .. } = input {
                self.on_output(category, output);
            }
        }
    }

    /// Asks Delve to end the debuggee it started, the editor being gone
    /// without a `disconnect`.
    pub fn end_debuggee(&mut self) {
        self.routing.send_delve(Message::request("disconnect", json!({"terminateDebuggee": true})));
    }

    /// Runs until one side closes or Delve stops answering.
    pub async fn run(&mut self, rx: &mut mpsc::UnboundedReceiver<Input>) -> Ended {
        // One alarm for the whole run, set to the soonest deadline and
        // moved only when a sooner one appears or it rings: a timer set
        // per input would wake the runtime's driver each time a request
        // is forwarded, and a runtime timer armed at all costs its driver
        // work at every park (see `alarm`). A ring for a row answered
        // meanwhile only sets it again.
        let alarm = match alarm::Alarm::start(self.inputs.clone()) {
            Ok(alarm) => Some(alarm),
            Err(e) => {
                tracing::error!("cannot start the deadline alarm ({e}): requests to Delve wait without a deadline");
                None
            }
        };
        let mut armed: Option<tokio::time::Instant> = None;
        loop {
            if let Some(at) = self.routing.next_deadline()
                && armed.is_none_or(|armed| at < armed)
                && let Some(alarm) = &alarm
            {
                alarm.set(at.into_std());
                armed = Some(at);
            }
            // `None` once every sender is gone.
            let Some(input) = rx.recv().await else { return Ended::EditorClosed };
            match input {
                // The charge is held until the message is handled: by then
                // what it became is counted where it was sent.
                Input::FromEditor(m, _charge) => self.on_editor(m),
                Input::FromDelve(m, _charge) => self.on_delve(m),
                Input::Output { category, output, charge: _charge } => self.on_output(category, output),
                Input::Call(call) => self.on_call(call),
                Input::ToEditor(m) => {
                    self.routing.send_editor(*m);
                }
                Input::Worked(ticket, outcome) => self.on_worked(ticket, *outcome),
                Input::StopLocated { epoch, thread, reason, top } => self.on_stop_located(epoch, thread, reason, *top),
                Input::DeadlineRang => {
                    armed = None;
                    if self.on_deadlines() {
                        return Ended::DelveUnresponsive;
                    }
                }
                Input::EditorClosed(why) => {
                    match why {
                        Some(Closed::Protocol(e)) => {
                            tracing::error!("closing the session: {e}");
                            self.fatal = Some(e);
                        }
                        Some(Closed::Lost(e)) => tracing::info!("editor gone: {e}"),
                        None => tracing::info!("editor closed its stream"),
                    }
                    return Ended::EditorClosed;
                }
                Input::DelveClosed(why) => {
                    let text = match &why {
                        Some(closed) => {
                            tracing::error!("closing the session: {}", closed.text());
                            closed.text().to_string()
                        }
                        None => {
                            tracing::info!("delve closed the connection");
                            "the connection to Delve closed".to_string()
                        }
                    };
                    if let Some(Closed::Protocol(e)) = why {
                        self.fatal = Some(e);
                    }
                    self.fail_pending(&text);
                    return Ended::DelveClosed;
                }
            }
        }
    }

    /// Answers what Delve left unanswered past its deadline; true when
    /// that was `disconnect`, which ends the session.
    fn on_deadlines(&mut self) -> bool {
        for Expired { pending, after } in self.routing.expired(tokio::time::Instant::now()) {
            match pending {
                Pending::Editor { editor_seq, command, .. } if command.is("disconnect") => {
                    self.end_unanswered_disconnect(editor_seq, command.as_str(), after);
                    return true;
                }
                Pending::Editor { editor_seq, command, followup } => {
                    let command = command.as_str();
                    tracing::warn!("dlv did not answer `{command}` within {after:?}; the editor gets an error");
                    let text = format!("dlv did not answer `{command}` within {after:?}");
                    // As if Delve had failed it: what waited on it goes on.
                    self.on_delve_response(Message::error_to(editor_seq, command, &text).into(), followup);
                }
                Pending::Bridge { command, reply } => {
                    let _ = reply.send(Err(DelveError::Timeout { command, after }));
                }
            }
        }
        false
    }

    /// What the debuggee printed, as an `output` event.
    fn on_output(&mut self, category: &str, output: String) {
        self.routing.send_editor(Message::event("output", json!({"category": category, "output": output})));
    }

    /// How long Delve gets to answer an editor's `command`.
    fn deadline_of(&self, command: &str) -> Duration {
        match command {
            "disconnect" => self.timeouts.disconnect,
            // Delve builds the program, or waits for a process to attach to.
            "launch" | "attach" | "restart" => self.timeouts.launch,
            _ => self.timeouts.request,
        }
    }

    /// Forwards an editor request to Delve with its deadline.
    fn forward(&mut self, m: Envelope, followup: Followup) -> i64 {
        let within = self.deadline_of(m.command());
        self.routing.forward(m, followup, within)
    }

    fn report(&self, event: SessionEvent) {
        if let Some(sink) = &self.events {
            sink.report(event);
        }
    }

    fn ticket(&mut self) -> Ticket {
        self.next_ticket += 1;
        self.next_ticket
    }

    /// A handle for the bridge's own requests; with `stop`, refused once
    /// the program ran on.
    fn delve_handle(&self, stop: Option<u64>) -> DelveHandle {
        let inputs = self.inputs.clone();
        DelveHandle::new(move |call| inputs.send(Input::Call(call)).is_ok(), self.timeouts, stop)
    }

    /// Every in-flight request gets an error response, then `terminated`.
    fn fail_pending(&mut self, why: &str) {
        let text = format!("dlv is gone: {why}");
        for p in self.routing.drain() {
            match p {
                Pending::Editor { editor_seq, command, .. } => {
                    self.routing.send_editor(Message::error_to(editor_seq, command.as_str(), &text));
                }
                Pending::Bridge { reply, .. } => {
                    let _ = reply.send(Err(DelveError::Closed(text.clone())));
                }
            }
        }
        for m in self.queue.cancel() {
            self.routing.send_editor(Message::error_to(m.seq(), m.command(), &text));
        }
        if !self.terminated_sent && !self.disconnect_requested {
            self.terminated_sent = true;
            self.routing.send_editor(Message::event("terminated", json!({})));
        }
    }

    /// Delve left `disconnect` unanswered past its deadline: the editor
    /// gets its answer and `terminated`, and the caller ends Delve and the
    /// program it started.
    fn end_unanswered_disconnect(&mut self, editor_seq: i64, command: &str, after: Duration) {
        tracing::warn!("dlv did not answer disconnect within {after:?}; ending it and the program it started");
        self.fail_pending(&format!("it did not answer disconnect within {after:?}"));
        let text = format!(
            "dlvbridge: dlv did not answer disconnect within {after:?}; ending dlv and the program it started\n"
        );
        self.routing.send_editor(Message::event("output", json!({"category": "console", "output": text})));
        let mut done = Message::response_to(editor_seq, command, Value::Null);
        done.body = None;
        self.routing.send_editor(done);
        if !self.terminated_sent {
            self.terminated_sent = true;
            self.routing.send_editor(Message::event("terminated", json!({})));
        }
    }

    fn on_call(&mut self, call: Call) {
        if call.stop.is_some_and(|stop| stop != self.frames.epoch()) {
            let _ = call.reply.send(Err(DelveError::Resumed));
            return;
        }
        self.routing.call(call, self.timeouts.delve_request);
    }

    fn on_editor(&mut self, m: RawMessage) {
        match m.kind() {
            Kind::Request => {
                let m = self.editor_request(m);
                let needs_rules = path_fields::carries_paths(m.command());
                if !never_held(m.command()) && self.queue.must_wait(needs_rules) {
                    self.queue.hold(m, needs_rules);
                } else {
                    self.on_editor_request(m);
                }
            }
            Kind::Response => {
                let request_seq = m.request_seq();
                if !self.routing.answer_reverse(m.into()) {
                    tracing::warn!("editor answered unknown request {request_seq:?}; dropped");
                }
            }
            Kind::Event => tracing::warn!("event {:?} from the editor; dropped", m.event_name()),
        }
    }

    /// An editor request as the session needs it: parsed when a rule
    /// reads its arguments (or a path in them is written with escapes;
    /// the arguments of a command that never names a file are not walked
    /// for paths, so they have none), else as read. How the editor names files is learned from its paths
    /// either way.
    fn editor_request(&mut self, m: RawMessage) -> Envelope {
        if !reads_arguments(m.command()) && m.paths(Payload::Arguments).is_some() {
            if path_fields::carries_paths(m.command()) {
                self.paths.learn_paths(m.paths(Payload::Arguments).into_iter().flatten());
            }
            return Envelope::Raw(m);
        }
        let m = m.into_message();
        if let Some(args) = &m.arguments {
            self.paths.learn(m.command(), args);
        }
        Envelope::Parsed(m)
    }

    /// Handles the editor requests that waited, in order, until one of
    /// them waits again.
    fn release_held(&mut self) {
        while let Some(m) = self.queue.next_released() {
            self.on_editor_request(m);
        }
    }

    fn on_editor_request(&mut self, m: Envelope) {
        match m.command() {
            "initialize" => {
                let m = m.into_message();
                if let Some(args) = &m.arguments {
                    self.columns_start_at_1 = args.get("columnsStartAt1").and_then(Value::as_bool).unwrap_or(true);
                }
                self.forward(m.into(), Followup::AnnounceCompletions);
            }
            "launch" | "attach" => {
                let mut m = m.into_message();
                let command = m.command().to_string();
                if let Some(Value::Object(args)) = &mut m.arguments {
                    self.paths.localize_launch(args);
                    let user_rules = self.launch.prepare(&command, args);
                    // The inferred rules join once Delve has the binary (a
                    // debug/test build exists only then); what the editor
                    // sends meanwhile waits for them.
                    self.paths.expect_binary(user_rules);
                    self.queue.wait_for_rules(RulesWait::Launch);
                    if self.launch.binary_before_launch {
                        // Read while Delve loads it: off the launch's
                        // critical path.
                        self.on_ready();
                    }
                    // A Delve spawned here shares the editor's file system:
                    // `program` and `cwd` already name the right files.
                    if self.launch.remote {
                        for key in path_fields::LAUNCH_PATHS {
                            if let Some(Value::String(p)) = args.get_mut(*key) {
                                let mapped = self.paths.mapper.to_delve(p).into_owned();
                                *p = mapped;
                            }
                        }
                    }
                }
                self.forward(m.into(), Followup::Launched);
            }
            "setBreakpoints" | "setFunctionBreakpoints" => self.check_breakpoints(m.into_message()),
            "completions" => {
                let m = m.into_message();
                let view = ConsoleView {
                    frames: self.frames.frames().clone(),
                    stopped_thread: self.frames.thread,
                    columns_start_at_1: self.columns_start_at_1,
                    scopes: self.paths.scopes(),
                };
                let delve = self.delve_handle(Some(self.frames.epoch()));
                let inputs = self.inputs.clone();
                tokio::spawn(async move {
                    let response = completions::answer(&m, &view, &delve).await;
                    let _ = inputs.send(Input::ToEditor(Box::new(response)));
                });
            }
            "disconnect" => {
                self.disconnect_requested = true;
                // The session ends: what waits is never sent.
                for held in self.queue.cancel() {
                    let text = "not sent to dlv: the session is ending";
                    self.routing.send_editor(Message::error_to(held.seq(), held.command(), text));
                }
                self.forward(m, Followup::Forward);
            }
            "restart" => {
                let mut m = m.into_message();
                let launch = m.arguments.as_mut().and_then(|a| a.get_mut("arguments"));
                if let Some(Value::Object(args)) = launch
                    && let Some(user_rules) = self.launch.prepare_restart(args)
                {
                    self.paths.replace_user_rules(user_rules);
                }
                // Delve answers first, may rebuild, then sends
                // `initialized`.
                self.paths.awaiting_ready = true;
                if self.frames.continued() {
                    self.report(SessionEvent::Continued);
                }
                self.forward(m.into(), Followup::Forward);
            }
            _ => {
                if resumes(m.command()) && self.frames.continued() {
                    self.report(SessionEvent::Continued);
                }
                let m = if path_fields::carries_paths(m.command()) {
                    path_fields::rewrite_message(m, Payload::Arguments, &self.paths.mapper, Direction::ToDelve)
                } else {
                    m
                };
                self.forward(m, Followup::Forward);
            }
        }
    }

    /// `setBreakpoints` / `setFunctionBreakpoints`: the verdicts are
    /// computed on a worker while the editor's later requests wait; past
    /// the deadline the breakpoints go to Delve unchecked.
    fn check_breakpoints(&mut self, m: Message) {
        let args = m.arguments.clone().unwrap_or(Value::Null);
        let strict = self.launch.strict;
        if !breakpoints::has_texts(&args) {
            // Nothing to check, so no scope is asked for.
            let (to_delve, plan) = breakpoints::plan(&args, &|_, _| Err(String::new()), strict);
            return self.send_breakpoints(m, to_delve, plan);
        }
        let functions = m.command() == "setFunctionBreakpoints";
        let ticket = self.ticket();
        let scopes = self.paths.scopes();
        self.queue.wait_for_verdicts(ticket, m);
        work::spawn(
            self.inputs.clone(),
            ticket,
            self.timeouts.checks,
            work::blocking(move || {
                let (to_delve, plan) = if functions {
                    // Checked where Delve stops: the function's entry,
                    // found in the debug info.
                    let scope_of = |name: &str| scopes.at_function(name).map(|r| r.map(|r| r.scope));
                    breakpoints::plan_functions(&args, &scope_of, strict)
                } else {
                    let scope_at = |file: &std::path::Path, line: u32| {
                        scopes.at(file, line).map(|r| r.scope).map_err(|e| e.to_string())
                    };
                    breakpoints::plan(&args, &scope_at, strict)
                };
                Done::Verdicts { to_delve, plan }
            }),
        );
    }

    fn send_breakpoints(&mut self, mut m: Message, mut to_delve: Value, plan: BpPlan) {
        let args = m.arguments.take().unwrap_or(Value::Null);
        let source = args.get("source").cloned().unwrap_or(Value::Null);
        let requested = args.get("breakpoints").and_then(Value::as_array).cloned().unwrap_or_default();
        if m.command() == "setBreakpoints" {
            path_fields::rewrite(&mut to_delve, &self.paths.mapper, Direction::ToDelve);
        }
        m.arguments = Some(to_delve);
        self.forward(m.into(), Followup::MergeBreakpoints { plan, source, requested });
    }

    fn on_worked(&mut self, ticket: Ticket, outcome: Outcome) {
        match outcome {
            Outcome::Done(Done::Rules(facts)) => {
                // Applied even late: nothing newer replaced them.
                if self.paths.apply(ticket, facts) {
                    self.report(SessionEvent::Scopes(self.paths.scopes()));
                }
                if self.queue.rules_job_ended(ticket) {
                    self.release_held();
                }
            }
            Outcome::Done(Done::Verdicts { to_delve, plan }) => {
                if let Some(request) = self.queue.verdicts_ended(ticket) {
                    self.send_breakpoints(request, to_delve, plan);
                    self.release_held();
                }
            }
            Outcome::TimedOut(_) | Outcome::Failed(_) => {
                let why = match outcome {
                    Outcome::TimedOut(after) => format!("not known within {after:?}"),
                    Outcome::Failed(e) => format!("not known: {e}"),
                    Outcome::Done(_) => return,
                };
                if let Some(request) = self.queue.verdicts_ended(ticket) {
                    tracing::warn!("breakpoint verdicts {why}; sent unchecked");
                    let args = request.arguments.clone().unwrap_or(Value::Null);
                    let message = format!("not checked: what Delve sees here was {why}");
                    let (to_delve, plan) = breakpoints::unchecked(&args, &message);
                    self.send_breakpoints(request, to_delve, plan);
                    self.release_held();
                } else if self.queue.rules_job_ended(ticket) {
                    tracing::warn!("path rules {why}; going on without them");
                    self.release_held();
                }
            }
        }
    }

    fn on_delve(&mut self, m: RawMessage) {
        match m.kind() {
            Kind::Response => {
                let delve_seq = m.request_seq();
                let Some(pending) = delve_seq.and_then(|s| self.routing.take(s)) else {
                    if let Some(editor_seq) = delve_seq.and_then(|s| self.routing.answered_again(s)) {
                        // A restart's failure, after its acknowledgement.
                        let mut m = Envelope::Raw(m);
                        m.set_request_seq(editor_seq);
                        return self.on_delve_response(m, Followup::Forward);
                    }
                    tracing::warn!("delve answered unknown request {delve_seq:?}; dropped");
                    return;
                };
                match pending {
                    Pending::Bridge { command, reply } => {
                        let mut m = m.into_message();
                        let answer = if m.is_success() {
                            Ok(m.body.take().unwrap_or(Value::Null))
                        } else {
                            let detail =
                                m.body.as_ref().and_then(|b| b.pointer("/error/format")).and_then(Value::as_str);
                            let message = detail.map(str::to_string).or(m.message.take());
                            Err(DelveError::Failed {
                                command,
                                message: message.unwrap_or_else(|| "request failed".into()),
                            })
                        };
                        let _ = reply.send(answer);
                    }
                    Pending::Editor { editor_seq, followup, command } => {
                        if command.is("restart")
                            && let Some(delve_seq) = delve_seq
                        {
                            self.routing.restart_answered(delve_seq, editor_seq);
                        }
                        let mut m = Envelope::Raw(m);
                        m.set_request_seq(editor_seq);
                        self.on_delve_response(m, followup);
                    }
                }
            }
            Kind::Event => self.on_delve_event(m),
            Kind::Request => self.routing.forward_reverse(m.into()),
        }
    }

    fn on_delve_response(&mut self, m: Envelope, followup: Followup) {
        let mut m = if path_fields::carries_paths(m.command()) {
            path_fields::rewrite_message(m, Payload::Body, &self.paths.mapper, Direction::ToEditor)
        } else {
            m
        };
        match followup {
            Followup::Forward => {}
            Followup::Launched => {
                if m.is_success() {
                    self.on_ready();
                } else if std::mem::take(&mut self.paths.awaiting_ready)
                    && self.queue.rules_wait() == Some(RulesWait::Launch)
                {
                    self.queue.rules_known();
                    self.release_held();
                }
            }
            Followup::AnnounceCompletions => {
                if m.is_success() {
                    let mut parsed = m.into_message();
                    let body = parsed.body.get_or_insert_with(|| json!({}));
                    if let Some(obj) = body.as_object_mut() {
                        obj.insert("supportsCompletionsRequest".to_string(), Value::Bool(true));
                        obj.entry("completionTriggerCharacters").or_insert_with(|| json!(["."]));
                    }
                    m = parsed.into();
                }
            }
            Followup::MergeBreakpoints { plan, source, requested } => {
                let mut m = m.into_message();
                if m.is_success() && plan.changes_answer() {
                    let next_id = &mut self.bp_messages.next_id;
                    let body = breakpoints::merge(&plan, m.body.as_ref(), &source, next_id);
                    let carrying = self.bp_messages.remember(&body, &plan);
                    m.body = Some(body);
                    m.success = Some(true);
                    m.message = None;
                    self.report_breakpoints(&source, &requested, &m);
                    self.routing.send_editor(m);
                    // After the response, so the editor knows the ids.
                    for bp in carrying {
                        let event = json!({"reason": "changed", "breakpoint": bp});
                        self.routing.send_editor(Message::event("breakpoint", event));
                    }
                    return;
                }
                self.report_breakpoints(&source, &requested, &m);
                self.routing.send_editor(m);
                return;
            }
        }
        if m.command() == "stackTrace" {
            self.remember_frames(&m);
        }
        self.routing.send_editor(m);
    }

    /// Remembers the frames of a `stackTrace` response for console
    /// completions, as the editor gets them (paths mapped).
    fn remember_frames(&mut self, m: &Envelope) {
        match m {
            Envelope::Raw(raw) => {
                let mapper = &self.paths.mapper;
                self.frames.remember_read(raw.stack_frames(), |p| mapper.to_editor(p));
            }
            Envelope::Parsed(m) => self.frames.remember(m.body.as_ref()),
        }
    }

    /// Tells the event sink how the breakpoints of a file were set.
    fn report_breakpoints(&self, source: &Value, requested: &[Value], response: &Message) {
        let Some(path) = source.get("path").and_then(Value::as_str).filter(|_| self.events.is_some()) else { return };
        let answered = response.body.as_ref().and_then(|b| b.get("breakpoints")).and_then(Value::as_array);
        let text = |bp: &Value, k: &str| bp.get(k).and_then(Value::as_str).map(str::to_string);
        let breakpoints = requested
            .iter()
            .enumerate()
            .map(|(i, bp)| {
                let set = answered.filter(|_| response.is_success()).and_then(|a| a.get(i));
                BreakpointState {
                    line: bp.get("line").and_then(Value::as_i64),
                    condition: text(bp, "condition"),
                    hit_condition: text(bp, "hitCondition"),
                    log_message: text(bp, "logMessage"),
                    verified: set.and_then(|s| s.get("verified")).and_then(Value::as_bool).unwrap_or(false),
                    message: match set {
                        Some(s) => text(s, "message"),
                        None => response.message.clone(),
                    },
                }
            })
            .collect();
        self.report(SessionEvent::Breakpoints { path: path.to_string(), breakpoints });
    }

    /// Delve has the binary: its path rules are inferred on a worker (from
    /// its file when it is here, else from what Delve lists) while the
    /// editor's requests wait.
    fn on_ready(&mut self) {
        if !std::mem::take(&mut self.paths.awaiting_ready) || self.disconnect_requested {
            return;
        }
        let ticket = self.ticket();
        self.paths.start_job(ticket);
        self.queue.wait_for_rules(RulesWait::Job(ticket));
        let (binary, workspace) = (self.launch.binary.clone(), self.launch.workspace.clone());
        if binary.is_none() && workspace.is_some() {
            // Said before the editor hears `initialized`.
            tracing::info!("{}", paths::ASKING_DELVE);
        }
        let delve = self.delve_handle(None);
        let job = async move {
            if let Some(binary) = binary {
                let at = workspace.clone();
                if let Some(done) = work::blocking(move || paths::rules_from_binary(binary, at)).await {
                    return done;
                }
                if workspace.is_some() {
                    tracing::info!("{}", paths::ASKING_DELVE);
                }
            }
            match workspace {
                Some(workspace) => paths::rules_from_delve(delve, workspace).await,
                None => Done::Rules(paths::PathFacts::default()),
            }
        };
        work::spawn(self.inputs.clone(), ticket, self.timeouts.delve_request + self.timeouts.checks, job);
    }

    fn on_stop_located(
        &mut self,
        epoch: u64,
        thread: i64,
        reason: String,
        top: Result<Option<StackFrame>, DelveError>,
    ) {
        if epoch != self.frames.epoch() {
            return;
        }
        let frame = match top {
            Ok(Some(frame)) => frame,
            Ok(None) => return tracing::debug!("stop {epoch}: no frames"),
            Err(e) => return tracing::info!("stop {epoch}: no top frame: {e}"),
        };
        let path = frame.source.and_then(|s| s.path).map(|p| self.paths.mapper.to_editor(&p).into_owned());
        self.report(SessionEvent::Stopped(Stopped {
            thread_id: thread,
            reason,
            frame: LiveFrame { id: frame.id, path, line: frame.line },
            function: frame.name,
            delve: self.delve_handle(Some(epoch)),
        }));
    }

    fn on_delve_event(&mut self, m: RawMessage) {
        let m: Envelope = match m.event_name() {
            "stopped" => {
                let m = m.into_message();
                let thread = m.body.as_ref().and_then(|b| b.get("threadId")).and_then(Value::as_i64);
                let epoch = self.frames.stopped(thread);
                if let (Some(thread), Some(_)) = (thread, &self.events) {
                    let reason = m.body.as_ref().and_then(|b| b.get("reason")).and_then(Value::as_str);
                    let reason = reason.unwrap_or_default().to_string();
                    let (delve, inputs) = (self.delve_handle(Some(epoch)), self.inputs.clone());
                    tokio::spawn(async move {
                        let arguments = StackTraceArguments { thread_id: thread, start_frame: 0, levels: 1 };
                        let top = delve.call::<StackTrace>(arguments).await.map(|t| t.stack_frames.into_iter().next());
                        let top = Box::new(top);
                        let _ = inputs.send(Input::StopLocated { epoch, thread, reason, top });
                    });
                }
                m.into()
            }
            "continued" => {
                // Forgets the frames either way.
                if self.frames.continued() {
                    self.report(SessionEvent::Continued);
                }
                m.into()
            }
            // Delve sends it right before the launch/attach response, when
            // the binary is built and loaded; the editor sets breakpoints
            // after it, so the rules must be known before those are sent.
            "initialized" => {
                self.on_ready();
                m.into()
            }
            "terminated" => {
                self.terminated_sent = true;
                m.into()
            }
            "breakpoint" => {
                let mut m = m.into_message();
                if let Some(bp) = m.body.as_mut().and_then(|b| b.get_mut("breakpoint")) {
                    self.bp_messages.annotate(bp);
                }
                m.into()
            }
            _ => m.into(),
        };
        let m = if path_fields::carries_paths(m.event_name()) {
            path_fields::rewrite_message(m, Payload::Body, &self.paths.mapper, Direction::ToEditor)
        } else {
            m
        };
        self.routing.send_editor(m);
    }
}
