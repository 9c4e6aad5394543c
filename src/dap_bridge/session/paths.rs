//! The session's path state: the editor's own rules, the rules inferred
//! for the debugged binary and the mapper made of both, the binary's debug
//! info, and the jobs that infer them (from the binary when it is here,
//! else from what Delve lists) off the session's loop.

use std::path::PathBuf;
use std::sync::Arc;

use super::work::{Done, Ticket, blocking};
use crate::dap_bridge::delve::{DelveHandle, Evaluate, EvaluateArguments};
use crate::dap_bridge::target;
use crate::paths::infer::Inference;
use crate::paths::{PathMapper, PathRule};
use crate::scope::Scopes;
use crate::scope::dwarf::DwarfScopes;
use crate::scope::source::SourceIndex;

#[derive(Default)]
pub(super) struct PathState {
    /// The editor's own `substitutePath` rules; inferred ones follow them.
    user_rules: Vec<PathRule>,
    pub mapper: PathMapper,
    index: Arc<SourceIndex>,
    /// The debugged binary's debug info, once a job opened it.
    binary: Option<Arc<DwarfScopes>>,
    /// A launch, attach or restart went to Delve and its rules are not
    /// inferred yet.
    pub awaiting_ready: bool,
    /// The rules job whose outcome counts (a later launch replaces it).
    pub job: Option<Ticket>,
}

impl PathState {
    /// A launch or attach with the editor's `user_rules`: until its binary
    /// is known, only those map paths.
    pub fn expect_binary(&mut self, user_rules: Vec<PathRule>) {
        self.mapper = PathMapper::new(user_rules.clone());
        self.user_rules = user_rules;
        self.binary = None;
        self.awaiting_ready = true;
        self.job = None;
    }

    /// Scopes for this session's binary and path rules (cheap).
    pub fn scopes(&self) -> Scopes {
        Scopes::new(self.index.clone()).with_binary(self.binary.clone()).with_paths(self.mapper.clone())
    }

    /// A rules job starts: what an earlier one found is forgotten.
    pub fn start_job(&mut self, ticket: Ticket) {
        self.job = Some(ticket);
        self.binary = None;
    }

    /// The outcome of rules job `ticket`; false when it is stale.
    pub fn apply(&mut self, ticket: Ticket, inferred: Option<Inference>, binary: Option<Arc<DwarfScopes>>) -> bool {
        if self.job != Some(ticket) {
            return false;
        }
        self.binary = binary;
        let Some(inferred) = inferred else { return true };
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
        true
    }
}

/// Rules and debug info from the binary (a blocking job); `None` when it
/// is not a file here (then only Delve knows it).
pub(super) fn rules_from_binary(binary: PathBuf, workspace: Option<PathBuf>) -> Option<Done> {
    let none = Done::Rules { inferred: None, binary: None };
    if !binary.is_file() {
        return None;
    }
    match crate::debuginfo::Binary::open(&binary) {
        Ok(b) => {
            let inferred = workspace.map(|ws| {
                tracing::info!("inferring path rules from {}", binary.display());
                crate::workspace::infer_paths(&b, &ws)
            });
            Some(Done::Rules { inferred, binary: Some(Arc::new(DwarfScopes::new(b))) })
        }
        Err(e) => {
            tracing::info!("no path inference or debug info for {}: {e}", binary.display());
            Some(none)
        }
    }
}

/// What the log says when the rules come from Delve.
pub(super) const ASKING_DELVE: &str = "the debugged binary is not on this machine; asking Delve for its source files";

/// Rules from what Delve says about a binary that is not on this machine:
/// `dlv sources` (the line tables' files) and `runtime.modinfo` (the main
/// module), asked at once; then the inference on a blocking worker.
pub(super) async fn rules_from_delve(delve: DelveHandle, workspace: PathBuf) -> Done {
    let ask = |expression: &str| {
        let delve = delve.clone();
        let arguments =
            EvaluateArguments { expression: expression.to_string(), frame_id: None, context: Some("repl".into()) };
        tokio::spawn(async move { delve.call::<Evaluate>(arguments).await })
    };
    let (sources, modinfo) = (ask(target::SOURCES_EXPRESSION), ask(target::MODINFO_EXPRESSION));
    let answer = |query: &str, r: Result<Result<_, _>, tokio::task::JoinError>| match r {
        Ok(Ok(evaluated)) => Some(evaluated),
        Ok(Err(e)) => {
            tracing::info!("Delve did not answer {query}: {e}");
            None
        }
        Err(e) => {
            tracing::info!("Delve did not answer {query}: {e}");
            None
        }
    };
    let sources = answer("dlv sources", sources.await);
    let main_module =
        answer("runtime.modinfo", modinfo.await).and_then(|m| target::main_module_from_modinfo(&m.result));
    let Some(sources) = sources else { return Done::Rules { inferred: None, binary: None } };
    blocking(move || {
        let mut facts = target::binary_paths_from_sources(&sources.result);
        facts.main_module = main_module;
        tracing::info!("Delve lists {} source files; main module {:?}", facts.files.len(), facts.main_module);
        let inferred = crate::paths::infer::infer(&facts, &crate::workspace::gather(&workspace));
        Done::Rules { inferred: Some(inferred), binary: None }
    })
    .await
}
