//! What a launch or attach asks for, as far as the bridge acts on it: the
//! options it removes from the arguments (`strictConditions`,
//! `substitutePath`), the build output it names, the binary it will read
//! and the folder of the editor's sources.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::dap_bridge::target::{self, TempOutput};
use crate::paths::PathRule;

#[derive(Default)]
pub(super) struct LaunchTarget {
    /// Delve runs elsewhere (`--connect`): its file system is not the
    /// editor's, so launch paths are mapped too.
    pub remote: bool,
    /// `strictConditions: true`: invalid breakpoints are withheld.
    pub strict: bool,
    /// The debugged binary, when it is on this file system; its DWARF says
    /// exactly what Delve sees at a line.
    pub binary: Option<PathBuf>,
    /// Where the editor's sources are (launch `cwd`, else the bridge's).
    pub workspace: Option<PathBuf>,
    /// The binary is a file before Delve launches it (exec, core, attach):
    /// it can be read while Delve loads it.
    pub binary_before_launch: bool,
    /// The debug/test build output the bridge named; removed with it.
    pub temp_output: Option<TempOutput>,
}

impl LaunchTarget {
    /// Reads and rewrites the arguments of a `launch` or `attach`
    /// (`command`); returns the editor's own `substitutePath` rules.
    pub fn prepare(&mut self, command: &str, args: &mut Map<String, Value>) -> Vec<PathRule> {
        self.strict = args.remove("strictConditions").and_then(|v| v.as_bool()).unwrap_or(false);
        // The bridge applies substitutePath itself on every path field, so
        // Delve must not apply it a second time.
        let user_rules = args.remove("substitutePath").map(|r| parse_rules(&r)).unwrap_or_default();
        // Delve builds debug/test programs where it is told to, or under a
        // name nobody else learns: name the output, so the bridge can read
        // the build (a spawned Delve shares this file system).
        if !self.remote && target::needs_output(command, args) {
            match TempOutput::create() {
                Ok(t) => {
                    tracing::info!("build output named by the bridge: {}", t.file().display());
                    args.insert("output".to_string(), Value::String(t.file().to_string_lossy().into()));
                    self.temp_output = Some(t);
                }
                Err(e) => tracing::warn!("no private folder for the build output: {e}"),
            }
        }
        self.binary = target::local_binary(command, args, self.remote);
        // Delve builds debug/test programs: what is there now may be stale.
        let builds = command == "launch" && matches!(target::mode(command, args), "debug" | "test");
        self.binary_before_launch = !builds && self.binary.as_ref().is_some_and(|b| b.is_file());
        self.workspace = args
            .get("cwd")
            .and_then(Value::as_str)
            .map(PathBuf::from)
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok());
        user_rules
    }

    /// Reads and rewrites the launch options a `restart` carries (its
    /// `arguments.arguments`): Delve re-reads the common ones, its own
    /// `substitutePath` among them, so the bridge's options are removed
    /// here as at the launch. Returns the editor's new `substitutePath`
    /// rules; `None` when it sent none, in which case the rules stay (as
    /// Delve keeps its own when the list is missing or empty).
    pub fn prepare_restart(&mut self, args: &mut Map<String, Value>) -> Option<Vec<PathRule>> {
        if let Some(strict) = args.remove("strictConditions") {
            self.strict = strict.as_bool().unwrap_or(false);
        }
        let rules = parse_rules(&args.remove("substitutePath")?);
        (!rules.is_empty()).then_some(rules)
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
