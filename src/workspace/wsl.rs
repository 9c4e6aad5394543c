//! This machine as WSL2 shows it to Windows: where the Windows drives are
//! mounted (the `[automount] root` of /etc/wsl.conf, `/mnt/` when unset)
//! and the distro's name (`$WSL_DISTRO_NAME`, which WSL sets in every
//! process it starts). Read once per process; `DLVBRIDGE_WSL_CONF` names
//! another wsl.conf (how the tests stand in for a WSL machine).

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::paths::wsl::{WslHost, automount_root};

/// wsl.conf files larger than this are not read.
const MAX_WSL_CONF_BYTES: u64 = 1 << 20;

/// The WSL facts of this machine.
pub fn wsl_host() -> &'static WslHost {
    static HOST: OnceLock<WslHost> = OnceLock::new();
    HOST.get_or_init(|| {
        let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let conf = var("DLVBRIDGE_WSL_CONF").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/etc/wsl.conf"));
        let root = match super::fs::read_text(&conf, MAX_WSL_CONF_BYTES) {
            Ok(text) => automount_root(&text),
            Err(e) => {
                tracing::debug!("no wsl.conf at {}: {e}", conf.display());
                None
            }
        };
        let distro = var("WSL_DISTRO_NAME").map(|d| d.to_string_lossy().into_owned());
        let host = WslHost::new(root.as_deref().unwrap_or("/mnt/"), distro);
        tracing::debug!("wsl: drives under {}, distro {:?}", host.automount_root, host.distro);
        host
    })
}
