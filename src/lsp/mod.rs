//! The LSP adapter: breakpoint-condition documents and debugger-aware
//! completion in Go files, over the shared engine and `scope::Scopes`.
//! Only this layer speaks JSON-RPC; it never checks an expression itself.
//!
//! [`world`] owns the state and applies events in order; [`handlers`] turn
//! one request each into a question for the engine over a snapshot, on a
//! worker; [`endpoint`] serves DAP sessions from the same process, whose
//! reports reach the world; [`live`] asks a stopped session's Delve.

pub mod command;
pub mod endpoint;
pub mod handlers;
pub mod live;
mod server;
pub mod text;
pub mod uri;
pub mod world;

use std::path::PathBuf;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::Request;
use tower_lsp_server::{LspService, Server};

use self::server::Backend;
use crate::dap_bridge;

/// How `dlvbridge lsp` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How debug sessions at the DAP endpoint reach Delve.
    pub dap: dap_bridge::Config,
    /// Where the endpoint's private directory and the discovery files go
    /// (default: `$XDG_RUNTIME_DIR`, else the temporary directory).
    pub runtime_dir: Option<PathBuf>,
}

/// Serves one LSP connection until `exit` or the end of `input`.
pub async fn serve<I, O>(input: I, output: O, options: Options)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(|client| Backend::new(client, options))
        .custom_method("dlvbridge/setBreakpoints", Backend::set_breakpoints)
        .custom_method("dlvbridge/pathMappings", Backend::path_mappings)
        .custom_method("dlvbridge/dapEndpoint", Backend::dap_endpoint)
        .finish();
    let service = tower::ServiceBuilder::new().map_request(without_empty_params).service(service);
    // Requests run concurrently (each on a worker); notifications are
    // applied by the state owner in the order they were read.
    Server::new(input, output, socket).concurrency_level(16).serve(service).await;
}

/// `dlvbridge/dapEndpoint` takes no parameters; many clients send `{}` or
/// `[]` for none, which the method table would refuse.
fn without_empty_params(request: Request) -> Request {
    let empty = |p: Option<&serde_json::Value>| match p {
        Some(serde_json::Value::Object(m)) => m.is_empty(),
        Some(serde_json::Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    if request.method() != "dlvbridge/dapEndpoint" || !empty(request.params()) {
        return request;
    }
    let (method, id, _) = request.into_parts();
    let builder = Request::build(method);
    match id {
        Some(id) => builder.id(id).finish(),
        None => builder.finish(),
    }
}
