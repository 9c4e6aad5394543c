//! `dlvbridge lsp`: the LSP server over stdio. Logs go to `--log-file`, or
//! to stderr (warnings and errors unless `RUST_LOG` says otherwise), never
//! to stdout, which is the protocol.

use std::path::PathBuf;

/// `dlvbridge lsp [--log-file FILE] [--dlv PATH]`; the error is a one-line
/// usage or start-up problem (exit code 2).
pub fn run(args: &[String]) -> Result<i32, String> {
    let mut options = super::Options::default();
    let mut log_file: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--log-file" => log_file = Some(PathBuf::from(value("--log-file")?)),
            "--dlv" => options.dap.dlv = Some(PathBuf::from(value("--dlv")?)),
            "--stdio" => {} // what some clients pass; stdio is the only transport
            other => return Err(format!("unknown lsp option {other}")),
        }
    }
    init_log(log_file.as_deref())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let result = rt.block_on(async move {
        let (input, output) = crate::dap_bridge::command::protocol_stdio()?;
        super::serve(input, output, options).await;
        anyhow::Ok(())
    });
    // The stdin reader may sit in a blocking read: do not wait for it.
    rt.shutdown_background();
    result.map(|()| 0).map_err(|e| format!("{e:#}"))
}

fn init_log(path: Option<&std::path::Path>) -> Result<(), String> {
    let default = if path.is_some() { tracing::Level::INFO } else { tracing::Level::WARN };
    crate::log_file::init(path, default)
}
