//! Added latency of the DAP bridge: the same requests (stackTrace, scopes,
//! variables, evaluate) against one stopped program, straight to `dlv dap`
//! and through `dlvbridge dap`, interleaved in the same run.
//!
//! `cargo bench --bench bridge` (BRIDGE_BENCH_REQUESTS=N per side, default 2000).
//! Prints the median and p99 per request on each side, the median added
//! latency (also from each command's own median: the four take different
//! times, so the median of all requests falls between two of them), the
//! wall-time ratio, and what the machine's load does not
//! blur: the CPU time the bridge process spent per message it passed
//! (Linux), and the time to read and write each of Delve's answers in
//! process, as a parsed-and-reserialized message and as passed through.
//!
//! The floor, on unix: the same requests through a relay that does nothing
//! but copy bytes (this bench run again as that process: one blocking
//! read and one write per direction, over the same pipes from the client
//! and a unix socket to its own `dlv dap`), what any process between the
//! editor and Delve costs. `DLVBRIDGE_BENCH_BASELINE=PATH` adds another
//! `dlvbridge` build as a side of its own, interleaved with this one, so
//! two builds are compared at the same load.
//!
//! Counts that no load blurs: `DLVBRIDGE_BENCH_PROFILE=CMD` runs `sh -c CMD`
//! ({pid} and {side} replaced) for each process in front of dlv while its
//! requests are measured (warm-up excluded), then ends it with SIGINT, e.g.
//! `strace -c -f -p {pid} -o /tmp/strace.{side}` for system calls per
//! message (the counts over twice the requests printed).

#[path = "../tests/dap_bridge_harness/mod.rs"]
mod dap_bridge_harness;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dap_bridge_harness::{Bridge, Peer, fixture_app, marker_line};
use dlvbridge::dap_bridge::envelope::Message;
use dlvbridge::dap_bridge::raw::RawMessage;
use serde_json::{Value, json};
use support::dap_client::DapClient;

/// Stops the fixture at `bp:describe`; returns (frame id, locals reference).
fn stop(p: &mut dyn Peer) -> (Value, Value) {
    let (src, bin) = fixture_app();
    p.req("initialize", json!({"adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true}));
    // `cwd` is the program's module, as an editor sends its workspace
    // folder: the bridge reads that folder's tree for path inference.
    p.req("launch", json!({"mode": "exec", "program": bin, "cwd": src}));
    p.ev("initialized");
    p.req(
        "setBreakpoints",
        json!({"source": {"path": src.join("main.go")}, "breakpoints": [{"line": marker_line("describe")}]}),
    );
    p.req("configurationDone", json!({}));
    p.ev("stopped");
    let st = p.req("stackTrace", json!({"threadId": 1, "startFrame": 0, "levels": 20}));
    let frame = st["body"]["stackFrames"][0]["id"].clone();
    let scopes = p.req("scopes", json!({"frameId": frame}));
    (frame.clone(), scopes["body"]["scopes"][0]["variablesReference"].clone())
}

/// The `i`th request of the stream.
fn request(i: usize, frame: &Value, locals: &Value) -> (&'static str, Value) {
    match i % 4 {
        0 => ("stackTrace", json!({"threadId": 1, "startFrame": 0, "levels": 20})),
        1 => ("scopes", json!({"frameId": frame})),
        2 => ("variables", json!({"variablesReference": locals})),
        _ => ("evaluate", json!({"expression": "u.Name", "frameId": frame, "context": "watch"})),
    }
}

/// Runs `n` requests; returns each one's round-trip time.
fn run(p: &mut dyn Peer, frame: &Value, locals: &Value, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let (command, args) = request(i, frame, locals);
        let t = Instant::now();
        let r = p.req(command, args);
        times.push(t.elapsed());
        assert_eq!(r["success"], true, "{r}");
    }
    times
}

/// The CPU time process `pid` has used, summed over its threads (Linux;
/// `None` elsewhere).
fn cpu_time(pid: u32) -> Option<Duration> {
    let mut ns = 0u64;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(ns))
}

/// Time per message to read and write `messages` in process: parsed into a
/// `Message` and serialized again, and read as a `RawMessage` and passed on
/// as its bytes with a new seq.
fn codec(messages: &[Vec<u8>]) -> (Duration, Duration) {
    let rounds = 2000;
    let t = Instant::now();
    for i in 0..rounds {
        for m in messages {
            let mut parsed = Message::parse(std::hint::black_box(m)).unwrap();
            parsed.seq = i;
            std::hint::black_box(parsed.to_bytes());
        }
    }
    let parsed = t.elapsed() / (rounds as u32 * messages.len() as u32);
    let t = Instant::now();
    for i in 0..rounds {
        for m in messages {
            let raw = RawMessage::parse(std::hint::black_box(m.clone())).unwrap();
            std::hint::black_box(raw.into_bytes(i));
        }
    }
    (parsed, t.elapsed() / (rounds as u32 * messages.len() as u32))
}

/// A whole debug session, start to end: the wall-time comparison.
fn session(p: &mut dyn Peer) {
    let (frame, locals) = stop(p);
    for _ in 0..3 {
        run(p, &frame, &locals, 4);
        p.req("next", json!({"threadId": 1}));
        p.ev("stopped");
    }
    p.req("continue", json!({"threadId": 1}));
    p.ev("stopped");
    p.req("disconnect", json!({"terminateDebuggee": true}));
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The environment variable that makes this bench the floor relay for the
/// `dlv` it names.
const RELAY: &str = "DLVBRIDGE_BENCH_RELAY";

/// The floor: copies bytes between stdio and a `dlv dap` it starts on a
/// unix socket, one read and one write at a time, until either side ends.
#[cfg(unix)]
fn relay(dlv: &Path) -> ! {
    use std::io::{BufRead, Read, Write};
    use std::os::unix::fs::DirBuilderExt;
    use std::os::unix::net::UnixStream;
    let dir = std::env::temp_dir().join(format!(".dlvbridge-relay-{}", std::process::id()));
    std::fs::DirBuilder::new().mode(0o700).create(&dir).expect("a private folder");
    let socket = dir.join("dap.sock");
    let mut child = Command::new(dlv)
        .arg("dap")
        .arg("--listen")
        .arg(format!("unix:{}", socket.display()))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start dlv");
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("listening at:") {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "dlv exited");
    }
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let to_dlv = UnixStream::connect(&socket).expect("connect to dlv");
    let _ = std::fs::remove_dir_all(&dir);
    let from_dlv = to_dlv.try_clone().unwrap();
    fn pump(mut r: impl Read, mut w: impl Write) {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match r.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if w.write_all(&buf[..n]).and_then(|()| w.flush()).is_err() {
                        return;
                    }
                }
            }
        }
    }
    std::thread::spawn(move || {
        pump(std::io::stdin().lock(), &to_dlv);
        let _ = to_dlv.shutdown(std::net::Shutdown::Write);
    });
    // Unbuffered, as the bridge writes: `Stdout` would split each frame at
    // its header's line end.
    let stdout = std::fs::File::from(std::os::fd::AsFd::as_fd(&std::io::stdout()).try_clone_to_owned().unwrap());
    pump(from_dlv, stdout);
    let _ = child.kill();
    let _ = child.wait();
    std::process::exit(0)
}

/// One side of the comparison: dlv straight, or a process in front of it.
enum Side {
    Direct(DapClient),
    Through(Bridge),
}

impl Side {
    fn peer(&mut self) -> &mut dyn Peer {
        match self {
            Side::Direct(c) => c,
            Side::Through(b) => b,
        }
    }

    fn pid(&self) -> Option<u32> {
        match self {
            Side::Direct(_) => None,
            Side::Through(b) => Some(b.child.id()),
        }
    }
}

/// `dlvbridge dap` of the build at `exe` (this checkout's, or a baseline).
fn bridge_at(exe: &Path, dlv: &Path) -> Bridge {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log_file = std::env::temp_dir().join(format!("dlvbridge-bench-{}-{n}.log", std::process::id()));
    let mut cmd = Command::new(exe);
    cmd.arg("dap").arg("--dlv").arg(dlv).arg("--log-file").arg(&log_file);
    cmd.env("GOTOOLCHAIN", "local").env("GOWORK", "off").stderr(std::process::Stdio::inherit());
    Bridge::from_command(cmd, log_file)
}

/// The floor relay in front of `dlv`.
fn relay_to(dlv: &Path) -> Bridge {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.env(RELAY, dlv);
    Bridge::from_command(cmd, PathBuf::from("/nonexistent/relay.log"))
}

/// A measured side: its name, how to start it, and what it measured.
struct Row {
    name: &'static str,
    side: Side,
    times: Vec<Duration>,
    /// The same times by command (stackTrace, scopes, variables, evaluate).
    by_command: [Vec<Duration>; 4],
    cpu: Option<Duration>,
    stop: (Value, Value),
}

/// The profilers `DLVBRIDGE_BENCH_PROFILE` asks for, one per process in
/// front of dlv, attached before they return.
fn profile(rows: &[Row]) -> Vec<std::process::Child> {
    let Ok(template) = std::env::var("DLVBRIDGE_BENCH_PROFILE") else { return Vec::new() };
    let profilers: Vec<_> = rows
        .iter()
        .filter_map(|row| Some((row.name, row.side.pid()?)))
        .map(|(name, pid)| {
            let cmd = template.replace("{pid}", &pid.to_string()).replace("{side}", name);
            Command::new("sh").arg("-c").arg(format!("exec {cmd}")).spawn().expect("start the profiler")
        })
        .collect();
    // Time to attach; what it misses is left out of the counts alike.
    std::thread::sleep(Duration::from_millis(500));
    profilers
}

fn main() {
    #[cfg(unix)]
    if let Some(dlv) = std::env::var_os(RELAY) {
        relay(Path::new(&dlv));
    }
    let dlv = support::require_dlv("bridge bench");
    // `cargo bench` passes `--bench`; under `cargo test --all-targets` this
    // is a smoke run.
    let measuring = std::env::args().any(|a| a == "--bench");
    let default = if measuring { 2000 } else { 40 };
    let n: usize = std::env::var("BRIDGE_BENCH_REQUESTS").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    let this = PathBuf::from(env!("CARGO_BIN_EXE_dlvbridge"));
    let baseline = std::env::var_os("DLVBRIDGE_BENCH_BASELINE").map(PathBuf::from);
    let mut sides = vec![("direct", Side::Direct(DapClient::spawn(&dlv, &[]).unwrap()))];
    if cfg!(unix) {
        sides.push(("floor", Side::Through(relay_to(&dlv))));
    }
    sides.push(("bridged", Side::Through(bridge_at(&this, &dlv))));
    if let Some(exe) = &baseline {
        sides.push(("baseline", Side::Through(bridge_at(exe, &dlv))));
    }
    let mut rows: Vec<Row> = sides
        .into_iter()
        .map(|(name, mut side)| {
            let stop = stop(side.peer());
            Row { name, side, times: Vec::new(), by_command: Default::default(), cpu: Some(Duration::ZERO), stop }
        })
        .collect();
    // Warm up every side, then interleave rounds so drift hits all alike.
    for row in &mut rows {
        run(row.side.peer(), &row.stop.0, &row.stop.1, n.min(100));
    }
    let profilers = profile(&rows);
    let rounds = 8;
    for round in 0..rounds {
        // A different side first each round.
        let count = rows.len();
        for k in 0..count {
            let row = &mut rows[(round + k) % count];
            let pid = row.side.pid();
            let before = pid.and_then(cpu_time);
            let (frame, locals) = row.stop.clone();
            let times = run(row.side.peer(), &frame, &locals, n / rounds);
            for (i, t) in times.iter().enumerate() {
                row.by_command[i % 4].push(*t);
            }
            row.times.extend(times);
            row.cpu = match (row.cpu, before, pid.and_then(cpu_time)) {
                (Some(sum), Some(before), Some(after)) => Some(sum + after.saturating_sub(before)),
                _ => None,
            };
        }
    }
    for mut profiler in profilers {
        let _ = Command::new("kill").arg("-INT").arg(profiler.id().to_string()).status();
        let _ = profiler.wait();
    }
    // Delve's answers (and the requests) as they come: the codec's input.
    let mut messages = Vec::new();
    {
        let direct = &mut rows[0];
        let (df, dl) = direct.stop.clone();
        for i in 0..4 {
            let (command, arguments) = request(i, &df, &dl);
            messages.push(
                serde_json::to_vec(&json!({"seq": 9, "type": "request", "command": command, "arguments": arguments}))
                    .unwrap(),
            );
            messages.push(serde_json::to_vec(&direct.side.peer().req(command, arguments)).unwrap());
        }
    }
    let us = |x: Duration| x.as_secs_f64() * 1e6;
    let walls: Vec<Duration> = rows.iter().map(|r| r.times.iter().sum()).collect();
    for row in &mut rows {
        row.times.sort();
        for times in &mut row.by_command {
            times.sort();
        }
    }
    let d = &rows[0].times;
    println!("bridge bench: {} requests per side (stackTrace, scopes, variables, evaluate)", d.len());
    for row in &rows {
        println!(
            "  {:<8} median {:8.1} µs  p99 {:8.1} µs  (medians by command: {})",
            row.name,
            us(percentile(&row.times, 0.5)),
            us(percentile(&row.times, 0.99)),
            row.by_command.iter().map(|t| format!("{:.1}", us(percentile(t, 0.5)))).collect::<Vec<_>>().join(", ")
        );
    }
    for (row, wall) in rows.iter().zip(&walls).skip(1) {
        let b = &row.times;
        // A request and its answer are two messages through the bridge.
        // The sides are separate Delve processes, so requests are not
        // paired: tails are compared side by side, not subtracted.
        let added = (us(percentile(b, 0.5)) - us(percentile(d, 0.5))) / 2.0;
        let what = match row.name {
            "bridged" => "added latency per message",
            "floor" => "floor (a relay copying bytes, unix socket to dlv): added latency per message",
            _ => "baseline build: added latency per message",
        };
        println!(
            "  {what}: median {added:.1} µs; per request p99: direct {:.1} µs, {} {:.1} µs",
            us(percentile(d, 0.99)),
            row.name,
            us(percentile(b, 0.99))
        );
        println!(
            "  {} wall-time ratio {}/direct: {:.3}",
            row.name,
            row.name,
            wall.as_secs_f64() / walls[0].as_secs_f64()
        );
        // The four commands take different times, so the median of all
        // requests falls between two of them and moves with their mix of
        // tails: each command's median, compared with its own on the
        // direct side, moves less.
        let per_command: Vec<f64> = (0..4)
            .map(|c| (us(percentile(&row.by_command[c], 0.5)) - us(percentile(&rows[0].by_command[c], 0.5))) / 2.0)
            .collect();
        println!(
            "  {}: added latency per message, by command (each command's median against its own direct): mean {:.1} µs ({})",
            row.name,
            per_command.iter().sum::<f64>() / 4.0,
            per_command.iter().map(|a| format!("{a:.1}")).collect::<Vec<_>>().join(", ")
        );
        if let Some(cpu) = row.cpu {
            // Each request is two messages through the bridge: it and its answer.
            println!("  {} CPU per message passed: {:.1} µs", row.name, us(cpu) / (2 * b.len()) as f64);
        }
    }
    let (parsed, raw) = codec(&messages);
    let sizes: Vec<usize> = messages.iter().map(Vec::len).collect();
    println!(
        "  in process, per message ({sizes:?} bytes): parsed and reserialized {:.1} µs, passed through {:.1} µs",
        us(parsed),
        us(raw)
    );
    for row in rows {
        match row.side {
            Side::Direct(direct) => direct.shutdown(),
            Side::Through(mut b) => {
                if row.name != "floor" {
                    b.ok("disconnect", json!({"terminateDebuggee": true}));
                }
            }
        }
    }

    let reps = if measuring { 16 } else { 2 };
    let mut builds = vec![("bridged", this)];
    builds.extend(baseline.map(|b| ("baseline", b)));
    let mut wd = Duration::ZERO;
    let mut wb = vec![Duration::ZERO; builds.len()];
    // Each session's time, by side (direct first).
    let mut each: Vec<Vec<Duration>> = vec![Vec::new(); builds.len() + 1];
    for rep in 0..reps {
        // A different side first each rep, so warm-up effects hit all alike.
        let count = builds.len() + 1;
        for k in 0..count {
            let side = (rep + k) % count;
            let t = Instant::now();
            if side == 0 {
                let mut direct = DapClient::spawn(&dlv, &[]).unwrap();
                session(&mut direct);
                wd += t.elapsed();
                each[0].push(t.elapsed());
                direct.shutdown();
            } else {
                let mut bridge = bridge_at(&builds[side - 1].1, &dlv);
                session(&mut bridge);
                wb[side - 1] += t.elapsed();
                each[side].push(t.elapsed());
                bridge.wait_exit(Duration::from_secs(5));
            }
        }
    }
    // Delve itself now and then takes 200 ms longer to launch or to end a
    // session, whichever side drives it: the mean of a few sessions moves
    // with how many of those each side drew. The fastest session of each
    // side is without them, and the number held up that long is printed.
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let fastest = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let held_up = |v: &[Duration]| v.iter().filter(|&&d| d > fastest(v) + Duration::from_millis(150)).count();
    // The sessions not held up, each side's median: the typical session,
    // steadier than the fastest one alone.
    let typical = |v: &[Duration]| {
        let mut kept: Vec<Duration> =
            v.iter().copied().filter(|&d| d <= fastest(v) + Duration::from_millis(150)).collect();
        kept.sort();
        kept.get(kept.len() / 2).copied().unwrap_or_default()
    };
    for (k, ((name, _), wb)) in builds.iter().zip(wb).enumerate() {
        let who = if *name == "bridged" { "bridged".to_string() } else { format!("{name} build") };
        println!(
            "  scripted session (spawn, launch, 3 stops, 36 requests, until the disconnect response) x{reps}: direct {:.0} ms, {who} {:.0} ms, ratio {:.3}",
            wd.as_secs_f64() * 1e3 / reps as f64,
            wb.as_secs_f64() * 1e3 / reps as f64,
            wb.as_secs_f64() / wd.as_secs_f64()
        );
        let (d, b) = (&each[0], &each[k + 1]);
        println!(
            "  scripted session, the fastest of {reps}: direct {:.0} ms, {who} {:.0} ms, ratio {:.3} (sessions held up 150 ms or more: direct {}, {who} {})",
            ms(fastest(d)),
            ms(fastest(b)),
            fastest(b).as_secs_f64() / fastest(d).as_secs_f64(),
            held_up(d),
            held_up(b)
        );
        println!(
            "  scripted session, the median of those not held up: direct {:.1} ms ({} sessions), {who} {:.1} ms ({}), ratio {:.3}",
            ms(typical(d)),
            d.len() - held_up(d),
            ms(typical(b)),
            b.len() - held_up(b),
            typical(b).as_secs_f64() / typical(d).as_secs_f64()
        );
    }
}
