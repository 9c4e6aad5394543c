//! What tests read of processes from /proc (Linux): children, liveness,
//! whether every thread is stopped.

/// The fields after `pid (comm) ` of a /proc stat line, with the comm.
fn stat_fields(stat: &str) -> Option<(&str, Vec<&str>)> {
    let (open, close) = (stat.find('(')?, stat.rfind(')')?);
    Some((&stat[open + 1..close], stat.get(close + 2..)?.split_whitespace().collect()))
}

/// (pid, command name) of the live children of `pid`.
pub fn children_of(pid: u32) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
        // state ppid ...
        let Some((comm, fields)) = stat_fields(&stat) else { continue };
        if fields.len() > 1 && fields[1] == pid.to_string() && fields[0] != "Z" {
            out.push((p, comm.to_string()));
        }
    }
    out
}

/// True while `pid` exists and is not a zombie.
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat_fields(&stat).map(|(_, f)| f.first() != Some(&"Z")))
        .unwrap_or(false)
}

/// Whether every thread of `pid` is stopped (state `T`): `kill -STOP`
/// returns once the signal is sent, and the threads stop a moment later.
pub fn all_threads_stopped(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return false };
    tasks.flatten().all(|t| {
        std::fs::read_to_string(t.path().join("stat"))
            .ok()
            .and_then(|stat| stat_fields(&stat).map(|(_, f)| f.first() == Some(&"T")))
            .unwrap_or(false)
    })
}
