//! The bridge's own requests to Delve (console completions, Delve's file
//! list, where the program stopped): typed, each with a deadline and a
//! typed error, through one generic [`DelveHandle::call`]. Pass-through
//! traffic never goes this way, and nothing here blocks the session: the
//! session only routes the request and hands back Delve's answer.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::oneshot;

use super::Timeouts;

/// One DAP request the bridge may send to Delve on its own.
pub trait DelveRequest {
    const COMMAND: &'static str;
    type Arguments: Serialize;
    type Result: DeserializeOwned;
}

/// Why a [`DelveHandle::call`] has no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DelveError {
    /// Delve did not answer within the handle's deadline.
    Timeout { command: &'static str, after: Duration },
    /// Delve answered with an error.
    Failed { command: &'static str, message: String },
    /// Delve's answer is not shaped as the request's result.
    Malformed { command: &'static str, error: String },
    /// The handle was for a stop the program has since left.
    Resumed,
    /// The session is over or Delve is gone.
    Closed(String),
}

impl fmt::Display for DelveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DelveError::Timeout { command, after } => write!(f, "dlv did not answer `{command}` within {after:?}"),
            DelveError::Failed { command, message } => write!(f, "dlv could not do `{command}`: {message}"),
            DelveError::Malformed { command, error } => write!(f, "unexpected answer from dlv to `{command}`: {error}"),
            DelveError::Resumed => f.write_str("the program has run on since it stopped there"),
            DelveError::Closed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DelveError {}

/// A request on its way to the session, which sends it to Delve with a
/// Delve-side seq and routes the answer back on `reply`.
pub(crate) struct Call {
    pub command: &'static str,
    pub arguments: Value,
    /// The stop this call belongs to: refused once the program ran on.
    pub stop: Option<u64>,
    pub reply: oneshot::Sender<Result<Value, DelveError>>,
}

type SendCall = dyn Fn(Call) -> bool + Send + Sync;

/// Sends the bridge's own requests to Delve. Cheap to clone; a handle given
/// out with a stop (`SessionEvent::Stopped`) is refused after the next
/// continue, since Delve's frame ids and variable references die then.
#[derive(Clone)]
pub struct DelveHandle {
    send: Arc<SendCall>,
    timeouts: Timeouts,
    stop: Option<u64>,
}

impl fmt::Debug for DelveHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DelveHandle").field("timeouts", &self.timeouts).field("stop", &self.stop).finish()
    }
}

impl DelveHandle {
    /// `send` hands a call to the session; false when the session is gone.
    pub(crate) fn new(
        send: impl Fn(Call) -> bool + Send + Sync + 'static,
        timeouts: Timeouts,
        stop: Option<u64>,
    ) -> DelveHandle {
        DelveHandle { send: Arc::new(send), timeouts, stop }
    }

    /// The deadlines this handle keeps (`delve_request` for each call).
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Sends `R` to Delve and waits, at most `timeouts().delve_request`,
    /// for its answer.
    pub async fn call<R: DelveRequest>(&self, arguments: R::Arguments) -> Result<R::Result, DelveError> {
        let command = R::COMMAND;
        let arguments =
            serde_json::to_value(arguments).map_err(|e| DelveError::Malformed { command, error: e.to_string() })?;
        let (reply, answer) = oneshot::channel();
        let closed = || DelveError::Closed("the debug session is over".to_string());
        if !(self.send)(Call { command, arguments, stop: self.stop, reply }) {
            return Err(closed());
        }
        let after = self.timeouts.delve_request;
        let body = match tokio::time::timeout(after, answer).await {
            Err(_) => return Err(DelveError::Timeout { command, after }),
            Ok(Err(_)) => return Err(closed()),
            Ok(Ok(answer)) => answer?,
        };
        serde_json::from_value(body).map_err(|e| DelveError::Malformed { command, error: e.to_string() })
    }
}

/// A DAP `Source`, as far as the bridge reads it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Source {
    #[serde(default)]
    pub path: Option<String>,
}

pub struct StackTrace;

impl DelveRequest for StackTrace {
    const COMMAND: &'static str = "stackTrace";
    type Arguments = StackTraceArguments;
    type Result = StackTraceResult;
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StackTraceArguments {
    pub thread_id: i64,
    pub start_frame: i64,
    pub levels: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StackTraceResult {
    #[serde(default)]
    pub stack_frames: Vec<StackFrame>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StackFrame {
    #[serde(default)]
    pub id: i64,
    /// The function, as Delve names it (`main.describe`, `main.(*T).M`).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub source: Option<Source>,
    #[serde(default)]
    pub line: u32,
}

pub struct Scopes;

impl DelveRequest for Scopes {
    const COMMAND: &'static str = "scopes";
    type Arguments = ScopesArguments;
    type Result = ScopesResult;
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopesArguments {
    pub frame_id: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScopesResult {
    #[serde(default)]
    pub scopes: Vec<Scope>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub variables_reference: i64,
}

pub struct Variables;

impl DelveRequest for Variables {
    const COMMAND: &'static str = "variables";
    type Arguments = VariablesArguments;
    type Result = VariablesResult;
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VariablesArguments {
    pub variables_reference: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VariablesResult {
    #[serde(default)]
    pub variables: Vec<Variable>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
    /// Sent only to clients that announced `supportsVariableType`.
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    #[serde(default)]
    pub variables_reference: i64,
}

pub struct Evaluate;

impl DelveRequest for Evaluate {
    const COMMAND: &'static str = "evaluate";
    type Arguments = EvaluateArguments;
    type Result = EvaluateResult;
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateArguments {
    pub expression: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_id: Option<i64>,
    /// `repl` runs `dlv …` console commands too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateResult {
    #[serde(default)]
    pub result: String,
    #[serde(default, rename = "type")]
    pub type_name: Option<String>,
    #[serde(default)]
    pub variables_reference: i64,
}
