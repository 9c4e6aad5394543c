//! Added latency of the DAP bridge: the same requests (stackTrace, scopes,
//! variables, evaluate) against one stopped program, straight to `dlv dap`
//! and through `dlvbridge dap`, interleaved in the same run.
//!
//! `cargo bench --bench bridge` (BRIDGE_BENCH_REQUESTS=N per side, default 2000).
//! Prints the median and p99 per request on each side, the median added
//! latency, and the wall-time ratio.

#[path = "../tests/dap_bridge_harness/mod.rs"]
mod dap_bridge_harness;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use dap_bridge_harness::{Bridge, Peer, fixture_app, marker_line};
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

/// Runs `n` requests; returns each one's round-trip time.
fn run(p: &mut dyn Peer, frame: &Value, locals: &Value, n: usize) -> Vec<Duration> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let (command, args) = match i % 4 {
            0 => ("stackTrace", json!({"threadId": 1, "startFrame": 0, "levels": 20})),
            1 => ("scopes", json!({"frameId": frame})),
            2 => ("variables", json!({"variablesReference": locals})),
            _ => ("evaluate", json!({"expression": "u.Name", "frameId": frame, "context": "watch"})),
        };
        let t = Instant::now();
        let r = p.req(command, args);
        times.push(t.elapsed());
        assert_eq!(r["success"], true, "{r}");
    }
    times
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
    for _ in 0..rounds {
        d.extend(run(&mut direct, &df, &dl, n / rounds));
        b.extend(run(&mut bridge, &bf, &bl, n / rounds));
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
    println!("  wall-time ratio bridged/direct: {:.3}", wall_b.as_secs_f64() / wall_d.as_secs_f64());
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
