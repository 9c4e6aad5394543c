//! The session's path state: the editor's own rules, the rules inferred
//! for the debugged binary, the binary's file names and debug info, how a
//! Windows editor names this machine's files (learned from what it sends),
//! the mapper made of them all, and the jobs that infer the rules (from
//! the binary when it is here, else from what Delve lists) off the
//! session's loop.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::work::{Done, Ticket, blocking};
use crate::dap_bridge::delve::{DelveHandle, Evaluate, EvaluateArguments};
use crate::dap_bridge::path_fields;
use crate::dap_bridge::target;
use crate::paths::infer::Inference;
use crate::paths::{EditorForm, FileTable, PathMapper, PathRule};
use crate::scope::Scopes;
use crate::scope::dwarf::DwarfScopes;
use crate::scope::source::SourceIndex;

/// What a rules job found.
#[derive(Default)]
pub(in crate::dap_bridge) struct PathFacts {
    pub inferred: Option<Inference>,
    /// The binary's debug info, when it is on this machine.
    pub binary: Option<Arc<DwarfScopes>>,
    /// The binary's file names, from its debug info or from Delve.
    pub files: Option<Arc<FileTable>>,
}

pub(super) struct PathState {
    /// The editor's own `substitutePath` rules; inferred ones follow them.
    user_rules: Vec<PathRule>,
    inferred: Vec<PathRule>,
    files: Option<Arc<FileTable>>,
    /// How a Windows editor names this machine's files (WSL2); `None` on
    /// Windows, where the editor's paths are this machine's own.
    editor: Option<EditorForm>,
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

impl Default for PathState {
    fn default() -> PathState {
        let editor = cfg!(unix).then(|| EditorForm::new(crate::workspace::wsl_host().clone()));
        PathState {
            user_rules: Vec::new(),
            inferred: Vec::new(),
            files: None,
            mapper: PathMapper::default().with_editor(editor.clone()),
            editor,
            index: Arc::default(),
            binary: None,
            awaiting_ready: false,
            job: None,
        }
    }
}

impl PathState {
    /// Learns how the editor names files from the paths of one of its
    /// requests, before anything maps them.
    pub fn learn(&mut self, command: &str, args: &Value) {
        self.learn_paths(path_fields::editor_paths(command, args).into_iter());
    }

    /// Learns how the editor names files from `paths` it sent.
    pub fn learn_paths<'a>(&mut self, paths: impl Iterator<Item = &'a str>) {
        let Some(editor) = &mut self.editor else { return };
        let mut changed = false;
        for p in paths {
            changed |= editor.learn(p);
        }
        if changed {
            tracing::info!("the editor names this machine's files its own way: {editor:?}");
            self.rebuild();
        }
    }

    /// The paths of a `launch` or `attach` as this machine names them.
    pub fn localize_launch(&self, args: &mut Map<String, Value>) {
        for key in path_fields::LAUNCH_PATHS {
            if let Some(Value::String(p)) = args.get_mut(*key) {
                let local = self.mapper.to_local(p).into_owned();
                *p = local;
            }
        }
    }

    /// A launch or attach with the editor's `user_rules`: until its binary
    /// is known, only those map paths.
    pub fn expect_binary(&mut self, user_rules: Vec<PathRule>) {
        self.user_rules = user_rules;
        self.inferred.clear();
        self.files = None;
        self.binary = None;
        self.awaiting_ready = true;
        self.job = None;
        self.rebuild();
    }

    /// The editor's `substitutePath` rules changed (a `restart` brought
    /// new ones); the inferred rules stay until the binary is read again.
    pub fn replace_user_rules(&mut self, user_rules: Vec<PathRule>) {
        self.user_rules = user_rules;
        self.rebuild();
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
    pub fn apply(&mut self, ticket: Ticket, facts: PathFacts) -> bool {
        if self.job != Some(ticket) {
            return false;
        }
        self.binary = facts.binary;
        self.files = facts.files;
        if let Some(inferred) = facts.inferred {
            for r in &inferred.rules {
                tracing::info!("inferred path rule {} => {}: {}", r.from, r.to, r.why);
            }
            if !inferred.unmapped.is_empty() {
                tracing::info!("paths no rule maps: {:?}", inferred.unmapped);
            }
            self.inferred = inferred.rules;
        }
        self.rebuild();
        tracing::info!("path rules: {:?}", self.mapper.rules());
        true
    }

    /// The mapper from the rules, the file names and the editor's form.
    /// The user's rules may name the editor's side as the editor does
    /// (`C:\\src`); the mapper's rules name this machine's files.
    fn rebuild(&mut self) {
        let local = |r: &PathRule| match &self.editor {
            Some(e) => PathRule { from: e.to_local(&r.from).into_owned(), ..r.clone() },
            None => r.clone(),
        };
        let mut rules: Vec<PathRule> = self.user_rules.iter().map(local).collect();
        rules.extend(self.inferred.iter().cloned());
        self.mapper = PathMapper::new(rules).with_files(self.files.clone()).with_editor(self.editor.clone());
    }
}

/// Rules and debug info from the binary (a blocking job); `None` when it
/// is not a file here (then only Delve knows it).
pub(super) fn rules_from_binary(binary: PathBuf, workspace: Option<PathBuf>) -> Option<Done> {
    if !binary.is_file() {
        return None;
    }
    match crate::debuginfo::Binary::open(&binary) {
        Ok(b) => {
            let inferred = workspace.map(|ws| {
                tracing::info!("inferring path rules from {}", binary.display());
                crate::workspace::infer_paths(&b, &ws)
            });
            let files = Some(Arc::new(FileTable::new(b.all_files().iter().cloned())));
            Some(Done::Rules(PathFacts { inferred, binary: Some(Arc::new(DwarfScopes::new(b))), files }))
        }
        Err(e) => {
            tracing::info!("no path inference or debug info for {}: {e}", binary.display());
            Some(Done::Rules(PathFacts::default()))
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
    let Some(sources) = sources else { return Done::Rules(PathFacts::default()) };
    blocking(move || {
        let mut facts = target::binary_paths_from_sources(&sources.result);
        facts.main_module = main_module;
        tracing::info!("Delve lists {} source files; main module {:?}", facts.files.len(), facts.main_module);
        let inferred = crate::paths::infer::infer(&facts, &crate::workspace::gather(&workspace));
        let files = Some(Arc::new(FileTable::new(facts.files.iter().cloned())));
        Done::Rules(PathFacts { inferred: Some(inferred), binary: None, files })
    })
    .await
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use serde_json::json;

    /// A Windows editor's own rule, written in its form, maps the paths it
    /// sends, once they are known to be its; frames go back in that form.
    #[test]
    fn user_rules_in_the_editors_form() {
        let mut state = PathState::default();
        state.expect_binary(vec![PathRule::user(r"C:\Users\dev\app", "/build/app")]);
        state.learn("setBreakpoints", &json!({"source": {"path": r"C:\Users\dev\app\main.go"}}));
        assert_eq!(state.mapper.to_delve(r"C:\Users\dev\app\main.go"), "/build/app/main.go");
        assert_eq!(state.mapper.to_editor("/build/app/main.go"), r"C:\Users\dev\app\main.go");
        let mut launch = json!({"program": r"C:\Users\dev\app\bin", "cwd": "/already/local"});
        state.localize_launch(launch.as_object_mut().unwrap());
        let root = &crate::workspace::wsl_host().automount_root;
        assert_eq!(launch, json!({"program": format!("{root}c/Users/dev/app/bin"), "cwd": "/already/local"}));
        // A later launch keeps what the editor taught.
        state.expect_binary(Vec::new());
        assert_eq!(state.mapper.to_editor(&format!("{root}c/x.go")), r"C:\x.go");
    }
}
