//! Added latency of the DAP bridge: the same requests (stackTrace, scopes,
//! variables, evaluate) against one stopped program, straight to `dlv dap`
//! and through `dlvbridge dap`, interleaved in the same run.
//!
//! `cargo bench --bench bridge` (BRIDGE_BENCH_REQUESTS=N per side, default 2000).
//! Prints the median and p99 per request on each side, the median added
//! latency, the wall-time ratio, and what the machine's load does not
//! blur: the CPU time the bridge process spent per message it passed
//! (Linux), and the time to read and write each of Delve's answers in
//! process, as a parsed-and-reserialized message and as passed through.

#[path = "../tests/dap_bridge_harness/mod.rs"]
mod dap_bridge_harness;
#[path = "../tests/support/mod.rs"]
mod support;

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
    p.req("launch", json!({"mode": "exec", "program": bin}));
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

fn main() {
    let dlv = support::require_dlv("bridge bench");
    // `cargo bench` passes `--bench`; under `cargo test --all-targets` this
    // is a smoke run.
    let measuring = std::env::args().any(|a| a == "--bench");
    let default = if measuring { 2000 } else { 40 };
    let n: usize = std::env::var("BRIDGE_BENCH_REQUESTS").ok().and_then(|s| s.parse().ok()).unwrap_or(default);
    let mut direct = DapClient::spawn(&dlv, &[]).unwrap();
    let mut bridge = Bridge::spawn(&dlv, &[]);
    let (df, dl) = stop(&mut direct);
    let (bf, bl) = stop(&mut bridge);
    // Warm up both, then interleave rounds so drift hits both sides alike.
    run(&mut direct, &df, &dl, n.min(100));
    run(&mut bridge, &bf, &bl, n.min(100));
    let rounds = 8;
    let (mut d, mut b) = (Vec::new(), Vec::new());
    let mut bridge_cpu = Some(Duration::ZERO);
    for _ in 0..rounds {
        d.extend(run(&mut direct, &df, &dl, n / rounds));
        let before = cpu_time(bridge.child.id());
        b.extend(run(&mut bridge, &bf, &bl, n / rounds));
        bridge_cpu = match (bridge_cpu, before, cpu_time(bridge.child.id())) {
            (Some(sum), Some(before), Some(after)) => Some(sum + after.saturating_sub(before)),
            _ => None,
        };
    }
    // Delve's answers (and the requests) as they come: the codec's input.
    let mut messages = Vec::new();
    for i in 0..4 {
        let (command, arguments) = request(i, &df, &dl);
        messages.push(
            serde_json::to_vec(&json!({"seq": 9, "type": "request", "command": command, "arguments": arguments}))
                .unwrap(),
        );
        messages.push(serde_json::to_vec(&direct.req(command, arguments)).unwrap());
    }
    let wall_d: Duration = d.iter().sum();
    let wall_b: Duration = b.iter().sum();
    d.sort();
    b.sort();
    let us = |x: Duration| x.as_secs_f64() * 1e6;
    println!("bridge bench: {} requests per side (stackTrace, scopes, variables, evaluate)", d.len());
    println!("  direct  median {:8.1} µs  p99 {:8.1} µs", us(percentile(&d, 0.5)), us(percentile(&d, 0.99)));
    println!("  bridged median {:8.1} µs  p99 {:8.1} µs", us(percentile(&b, 0.5)), us(percentile(&b, 0.99)));
    println!("  added median latency per request: {:.1} µs", us(percentile(&b, 0.5)) - us(percentile(&d, 0.5)));
    // A request and its answer are two messages through the bridge.
    // The two sides are separate Delve processes, so requests are not
    // paired: tails are compared side by side, not subtracted.
    println!(
        "  added latency per message: median {:.1} µs; per request p99: direct {:.1} µs, bridged {:.1} µs",
        (us(percentile(&b, 0.5)) - us(percentile(&d, 0.5))) / 2.0,
        us(percentile(&d, 0.99)),
        us(percentile(&b, 0.99))
    );
    println!("  wall-time ratio bridged/direct: {:.3}", wall_b.as_secs_f64() / wall_d.as_secs_f64());
    if let Some(cpu) = bridge_cpu {
        // Each request is two messages through the bridge: it and its answer.
        println!("  bridge CPU per message passed: {:.1} µs", us(cpu) / (2 * b.len()) as f64);
    }
    let (parsed, raw) = codec(&messages);
    let sizes: Vec<usize> = messages.iter().map(Vec::len).collect();
    println!(
        "  in process, per message ({sizes:?} bytes): parsed and reserialized {:.1} µs, passed through {:.1} µs",
        us(parsed),
        us(raw)
    );
    direct.shutdown();
    bridge.ok("disconnect", json!({"terminateDebuggee": true}));
    drop(bridge);

    let reps = if measuring { 8 } else { 2 };
    let (mut wd, mut wb) = (Duration::ZERO, Duration::ZERO);
    for rep in 0..reps {
        // Alternate who goes first so warm-up effects hit both sides.
        for side in [rep % 2, 1 - rep % 2] {
            let t = Instant::now();
            if side == 0 {
                let mut direct = DapClient::spawn(&dlv, &[]).unwrap();
                session(&mut direct);
                wd += t.elapsed();
                direct.shutdown();
            } else {
                let mut bridge = Bridge::spawn(&dlv, &[]);
                session(&mut bridge);
                wb += t.elapsed();
                bridge.wait_exit(Duration::from_secs(5));
            }
        }
    }
    println!(
        "  scripted session (spawn, launch, 3 stops, 36 requests, until the disconnect response) x{reps}: direct {:.0} ms, bridged {:.0} ms, ratio {:.3}",
        wd.as_secs_f64() * 1e3 / reps as f64,
        wb.as_secs_f64() * 1e3 / reps as f64,
        wb.as_secs_f64() / wd.as_secs_f64()
    );
}
