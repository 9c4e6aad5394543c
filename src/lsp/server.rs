//! The LSP methods, each a few lines: notifications become events for the
//! state owner (sent before any `.await`, so they apply in arrival order);
//! requests take a snapshot, add the stopped frame's part when a debug
//! session is stopped where they ask ([`live`]), and run their handler on a
//! worker.

use std::path::PathBuf;

use ls_types::*;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::{OnceCell, mpsc};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::{Client, LanguageServer};

use super::Options;
use super::endpoint::{self, Endpoint};
use super::handlers;
use super::live;
use super::world::{self, Event, Outgoing, Snapshot, SourceBreakpoint, WorldHandle};

pub struct Backend {
    client: Client,
    world: WorldHandle,
    options: Options,
    root: std::sync::OnceLock<Option<PathBuf>>,
    /// The client can watch files for us (`workspace/didChangeWatchedFiles`
    /// with dynamic registration).
    watches_files: std::sync::OnceLock<bool>,
    endpoint: OnceCell<std::result::Result<Endpoint, String>>,
}

/// `initializationOptions`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitOptions {
    /// The Go binary being debugged (built with `-gcflags=all=-N -l`): its
    /// DWARF gives the scopes once loaded. Relative to the workspace root.
    binary: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct SourceArg {
    path: String,
}

#[derive(Debug, Deserialize)]
pub struct SetBreakpointsParams {
    source: SourceArg,
    #[serde(default)]
    breakpoints: Vec<SourceBreakpoint>,
}

fn internal(e: impl std::fmt::Display) -> Error {
    let mut err = Error::internal_error();
    err.message = e.to_string().into();
    err
}

fn invalid_params(message: String) -> Error {
    Error::invalid_params(message)
}

impl Backend {
    pub fn new(client: Client, options: Options) -> Backend {
        let (out_tx, mut out_rx) = mpsc::unbounded_channel();
        let out_client = client.clone();
        tokio::spawn(async move {
            let client = out_client;
            while let Some(out) = out_rx.recv().await {
                match out {
                    Outgoing::Diagnostics { uri, diagnostics, version } => {
                        client.publish_diagnostics(uri, diagnostics, version).await;
                    }
                    Outgoing::Message { kind, text } => client.show_message(kind, text).await,
                }
            }
        });
        Backend {
            client,
            world: world::start(out_tx),
            options,
            root: std::sync::OnceLock::new(),
            watches_files: std::sync::OnceLock::new(),
            endpoint: OnceCell::new(),
        }
    }

    /// The state as of now.
    async fn snapshot(&self) -> Result<Snapshot> {
        self.world.snapshot().await.ok_or_else(|| internal("the state owner is gone"))
    }

    /// Runs `f` on a worker with `snapshot`.
    async fn on_worker<T: Send + 'static>(
        snapshot: Snapshot,
        f: impl FnOnce(Snapshot) -> T + Send + 'static,
    ) -> Result<T> {
        tokio::task::spawn_blocking(move || f(snapshot)).await.map_err(internal)
    }

    fn root(&self) -> Option<PathBuf> {
        self.root.get().cloned().flatten()
    }

    async fn endpoint(&self) -> &std::result::Result<Endpoint, String> {
        self.endpoint
            .get_or_init(|| async {
                let base = self.options.runtime_dir.clone().unwrap_or_else(endpoint::runtime_base);
                endpoint::open(self.options.dap.clone(), self.root().as_deref(), &base, self.world.clone()).await
            })
            .await
    }

    /// `dlvbridge/setBreakpoints`: the editor's breakpoints of one file
    /// outside any debug session; their verdicts, and diagnostics for the file.
    pub async fn set_breakpoints(&self, params: SetBreakpointsParams) -> Result<Value> {
        let file = PathBuf::from(&params.source.path);
        if !file.is_absolute() {
            return Err(invalid_params(format!("source.path {:?} is not an absolute path", params.source.path)));
        }
        let (reply, verdicts) = tokio::sync::oneshot::channel();
        self.world.send(Event::SetBreakpoints { file, breakpoints: params.breakpoints, reply });
        let verdicts = verdicts.await.map_err(internal)?;
        Ok(json!({ "breakpoints": verdicts }))
    }

    /// `dlvbridge/pathMappings` `{program, cwd}`: the inferred rules.
    pub async fn path_mappings(&self, params: handlers::path_mappings::PathMappingsParams) -> Result<Value> {
        let root = self.root();
        let found =
            tokio::task::spawn_blocking(move || handlers::path_mappings::path_mappings(&params, root.as_deref()))
                .await
                .map_err(internal)?;
        match found {
            Ok(m) => serde_json::to_value(m).map_err(internal),
            Err(e) => Err(invalid_params(e)),
        }
    }

    /// `dlvbridge/dapEndpoint`: where a debug client connects to this process.
    pub async fn dap_endpoint(&self) -> Result<Value> {
        match self.endpoint().await {
            Ok(e) => Ok(json!({ "transport": "pipe", "path": e.socket })),
            Err(e) => Err(internal(e)),
        }
    }
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    #[allow(deprecated)]
    let uri = params.workspace_folders.as_ref().and_then(|f| f.first()).map(|f| &f.uri).or(params.root_uri.as_ref());
    let path = uri?.to_file_path()?.into_owned();
    Some(path.canonicalize().unwrap_or(path))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let options: InitOptions = match params.initialization_options.clone() {
            None | Some(Value::Null) => InitOptions::default(),
            Some(v) => serde_json::from_value(v).map_err(|e| invalid_params(format!("initializationOptions: {e}")))?,
        };
        let watches = params.capabilities.workspace.as_ref().and_then(|w| w.did_change_watched_files.as_ref());
        let _ = self.watches_files.set(watches.and_then(|w| w.dynamic_registration) == Some(true));
        let root = workspace_root(&params);
        let binary = options.binary.map(|b| root.as_ref().map_or(b.clone(), |r| r.join(&b)));
        let _ = self.root.set(root.clone());
        self.world.send(Event::Initialize { binary, root });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![".".to_string(), "{".to_string()]),
                    ..Default::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                experimental: Some(json!({
                    "dlvbridge": {
                        "requests": ["dlvbridge/setBreakpoints", "dlvbridge/pathMappings", "dlvbridge/dapEndpoint"],
                        "conditionScheme": super::uri::CONDITION_SCHEME,
                    }
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "dlvbridge".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.watches_files.get() == Some(&true) {
            // Scopes read the package's other files from disk: a change to
            // one of them must reach the next answer.
            let watchers = ["**/*.go", "**/go.mod", "**/go.work"]
                .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.to_string()), kind: None });
            let options = DidChangeWatchedFilesRegistrationOptions { watchers: watchers.to_vec() };
            let registration = Registration {
                id: "dlvbridge-go-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            // Not awaited here: the endpoint below must not wait on the client.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    tracing::info!("the client watches no files for us ({e}); answers recheck the disk every second");
                }
            });
        }
        // Listening early lets `dlvbridge dap` of this workspace join.
        if let Err(e) = self.endpoint().await {
            tracing::warn!("no DAP endpoint: {e}");
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        self.world.send(Event::Opened { uri: d.uri, language: d.language_id, version: d.version, text: d.text });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Full sync: the last change is the whole text.
        if let Some(change) = params.content_changes.into_iter().last() {
            let d = params.text_document;
            if change.range.is_some() {
                tracing::warn!(uri = d.uri.as_str(), "incremental change ignored: this server syncs whole documents");
                return;
            }
            self.world.send(Event::Changed { uri: d.uri, version: d.version, text: change.text });
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.world.send(Event::Closed { uri: params.text_document.uri });
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        self.world.send(Event::FilesChanged);
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.world.send(Event::FilesChanged);
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let snapshot = self.snapshot().await?;
        let ask = handlers::completion::live_ask(&snapshot, &at.text_document.uri, at.position);
        let snapshot = live::prepare(snapshot, ask).await;
        Self::on_worker(snapshot, move |s| handlers::completion::completion(&s, &at.text_document.uri, at.position))
            .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let snapshot = self.snapshot().await?;
        let Some(hovered) = handlers::hover::hovered(&snapshot, &at.text_document.uri, at.position) else {
            return Ok(None);
        };
        let ask = hovered.live_ask();
        let value = live::value(&snapshot, &ask, &hovered.path).await;
        let snapshot = live::prepare(snapshot, Some(ask)).await;
        Self::on_worker(snapshot, move |s| handlers::hover::hover(&s, &hovered, value)).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let snapshot = self.snapshot().await?;
        let ask = handlers::diagnostics::live_ask(&snapshot, &params.text_document.uri);
        let snapshot = live::prepare(snapshot, ask).await;
        Self::on_worker(snapshot, move |s| {
            handlers::code_action::code_actions(&s, &params.text_document.uri, params.range)
        })
        .await
    }
}
