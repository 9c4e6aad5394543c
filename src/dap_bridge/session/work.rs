//! Slow work off the session's loop: opening the binary, inferring path
//! rules (`go env`, the workspace), building scopes for breakpoint
//! verdicts. A job gets read-only inputs, runs on a blocking worker (or a
//! task that asks Delve), and its outcome comes back to the loop as an
//! input, where the session applies it in order or drops it as stale.

use std::future::Future;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;

use super::Input;
use super::paths::PathFacts;
use crate::dap_bridge::breakpoints::BpPlan;

/// Names one job, so that its outcome can be matched with what waits for
/// it (and dropped when nothing does any more).
pub(in crate::dap_bridge) type Ticket = u64;

/// What a job produced.
pub(in crate::dap_bridge) enum Done {
    /// The path rules inferred for the debugged binary, its file names, and
    /// its debug info when it is on this machine.
    Rules(PathFacts),
    /// The arguments for Delve and the plan of a breakpoints request.
    Verdicts { to_delve: Value, plan: BpPlan },
}

pub(in crate::dap_bridge) enum Outcome {
    Done(Done),
    /// The deadline passed; the late outcome may still follow.
    TimedOut(Duration),
    /// The job panicked.
    Failed(String),
}

/// Runs `job` as its own task and reports its outcome to `inputs` under
/// `ticket`: at once when it ends within `deadline`; otherwise
/// [`Outcome::TimedOut`] at the deadline, then the late outcome.
pub(super) fn spawn<F>(inputs: mpsc::UnboundedSender<Input>, ticket: Ticket, deadline: Duration, job: F)
where
    F: Future<Output = Done> + Send + 'static,
{
    tokio::spawn(async move {
        let mut job = tokio::spawn(job);
        let ended = match tokio::time::timeout(deadline, &mut job).await {
            Ok(ended) => ended,
            Err(_) => {
                if inputs.send(Input::Worked(ticket, Box::new(Outcome::TimedOut(deadline)))).is_err() {
                    job.abort();
                    return;
                }
                job.await
            }
        };
        let outcome = match ended {
            Ok(done) => Outcome::Done(done),
            Err(e) => Outcome::Failed(e.to_string()),
        };
        let _ = inputs.send(Input::Worked(ticket, Box::new(outcome)));
    });
}

/// Runs `job` on a blocking worker (it may read files, run `go env`).
pub(super) async fn blocking<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(job).await {
        Ok(done) => done,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("blocking work ended early: {e}"),
    }
}
