//! `dlvbridge dap`: the bridge over stdio, the way Helix and nvim-dap spawn
//! an adapter. Logs go only to `--log-file` (stdout is the protocol).
//! Without `--dlv`, `--connect` or `--listen` it first joins the running
//! `dlvbridge lsp` of the workspace it is started in, if there is one.

use std::path::PathBuf;

/// `dlvbridge dap [--dlv PATH] [--connect HOST:PORT] [--log-file FILE]
/// [--listen SOCKET] [--request-timeout S] [--launch-timeout S]
/// [--delve-timeout S] [--check-timeout S] [--disconnect-timeout S]`; the error is a one-line usage or start-up
/// problem (exit code 2). `--listen` serves one session on an owner-only
/// unix socket instead of stdio; the timeouts (seconds, see
/// [`Timeouts`](super::Timeouts)) bound what the bridge waits for.
pub fn run(args: &[String]) -> Result<i32, String> {
    let mut config = super::Config::default();
    let mut log_file: Option<PathBuf> = None;
    let mut listen: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--dlv" => config.dlv = Some(PathBuf::from(value("--dlv")?)),
            "--connect" => config.connect = Some(value("--connect")?),
            "--log-file" => log_file = Some(PathBuf::from(value("--log-file")?)),
            "--listen" => listen = Some(PathBuf::from(value("--listen")?)),
            "--request-timeout" => config.timeouts.request = seconds(a, &value(a)?)?,
            "--launch-timeout" => config.timeouts.launch = seconds(a, &value(a)?)?,
            "--delve-timeout" => config.timeouts.delve_request = seconds(a, &value(a)?)?,
            "--check-timeout" => config.timeouts.checks = seconds(a, &value(a)?)?,
            "--disconnect-timeout" => config.timeouts.disconnect = seconds(a, &value(a)?)?,
            other => return Err(format!("unknown dap option {other}")),
        }
    }
    // Logs go to `--log-file` only: stdout is the protocol.
    if let Some(path) = &log_file {
        crate::log_file::init(Some(path), tracing::Level::INFO)?;
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    // With no option naming its Delve or its transport, join the running
    // `dlvbridge lsp` of this workspace (see `lsp::endpoint`), so the
    // session's verdicts reach the editor's LSP side too.
    let join = listen.is_none() && config.connect.is_none() && config.dlv.is_none();
    let result = rt.block_on(async move {
        #[cfg(unix)]
        if join {
            let here = std::env::current_dir()?;
            if let Some(stream) = crate::lsp::endpoint::join_running(&here, &crate::lsp::endpoint::runtime_base()) {
                let (input, output) = protocol_stdio()?;
                return crate::lsp::endpoint::relay(stream, input, output).await;
            }
        }
        #[cfg(not(unix))]
        let _ = join;
        if let Some(path) = listen {
            #[cfg(unix)]
            return super::serve_unix(&path, config).await;
            #[cfg(not(unix))]
            anyhow::bail!("--listen {} needs unix sockets; use stdio", path.display());
        }
        let (input, output) = protocol_stdio()?;
        super::serve(input, output, config).await
    });
    // The stdin reader may sit in a blocking read: do not wait for it.
    rt.shutdown_background();
    match result {
        Ok(()) => Ok(0),
        Err(e) => {
            tracing::error!("{e:#}");
            Err(format!("{e:#}"))
        }
    }
}

/// A timeout option's value: seconds, fractions allowed.
fn seconds(option: &str, value: &str) -> Result<std::time::Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s < 1e6)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("{option} needs a number of seconds, not {value:?}"))
}

pub(crate) type Input = Box<dyn tokio::io::AsyncRead + Unpin + Send>;
pub(crate) type Output = Box<dyn tokio::io::AsyncWrite + Unpin + Send>;

/// The editor's stdin and stdout. Editors connect adapters with pipes: those
/// are polled by the runtime directly (no thread hop per read or write).
/// Anything else (a file, a terminal) goes through tokio's blocking stdio.
/// `main` holds the lock of `std::io::stdout()` for the whole command, so
/// the protocol is written through a duplicate of the descriptor. Also
/// `dlvbridge lsp`'s.
pub(crate) fn protocol_stdio() -> anyhow::Result<(Input, Output)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use tokio::net::unix::pipe;
        let stdin = std::fs::File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
        let stdout = std::fs::File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
        let input: Input = match pipe::Receiver::from_file(stdin) {
            Ok(r) => Box::new(r),
            Err(_) => Box::new(tokio::io::stdin()),
        };
        let output: Output = match pipe::Sender::from_file(stdout.try_clone()?) {
            Ok(w) => Box::new(w),
            Err(_) => Box::new(tokio::fs::File::from_std(stdout)),
        };
        Ok((input, output))
    }
    #[cfg(windows)]
    {
        use std::os::windows::io::AsHandle;
        let stdout = std::fs::File::from(std::io::stdout().as_handle().try_clone_to_owned()?);
        Ok((Box::new(tokio::io::stdin()), Box::new(tokio::fs::File::from_std(stdout))))
    }
}
