//! `dlvbridge/pathMappings` `{program, cwd}`: the `substitutePath` rules
//! `dlvbridge paths` infers for a binary debugged from a workspace, for
//! editors that hand them to their own debug adapter.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct PathMappingsParams {
    pub program: String,
    #[serde(default)]
    pub cwd: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Rule {
    pub from: String,
    pub to: String,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct PathMappings {
    pub rules: Vec<Rule>,
    pub unmapped: Vec<String>,
}

/// The rules, or a one-line error for the editor. `root` is the
/// workspace, used when `cwd` is absent.
pub fn path_mappings(params: &PathMappingsParams, root: Option<&Path>) -> Result<PathMappings, String> {
    let cwd = params.cwd.as_deref().map(PathBuf::from).or_else(|| root.map(Path::to_path_buf));
    let cwd = cwd.ok_or("no cwd given and no workspace folder known")?;
    if !cwd.is_dir() {
        return Err(format!("cwd {} is not a directory", cwd.display()));
    }
    let program = cwd.join(&params.program);
    let binary = crate::debuginfo::Binary::open(&program).map_err(|e| format!("{}: {e}", program.display()))?;
    let inference = crate::doctor::infer_paths(&binary, &cwd);
    Ok(PathMappings {
        rules: inference.rules.into_iter().map(|r| Rule { from: r.from, to: r.to, why: r.why }).collect(),
        unmapped: inference.unmapped,
    })
}
