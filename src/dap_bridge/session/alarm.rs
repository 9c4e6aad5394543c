//! The session's deadline alarm: a thread that sleeps until the soonest
//! deadline of a request in flight and then sends the session an input.
//! A runtime timer kept armed while requests are in flight (always, while
//! the editor works) makes the runtime's time driver read the clock and
//! walk its wheel each time it parks, once per message passed; this
//! thread wakes only when the deadline moves sooner or passes.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::mpsc;

use super::Input;

pub(super) struct Alarm {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    /// When to ring; `None` once it rang.
    at: Option<Instant>,
    /// The session ended: the thread ends.
    closed: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn run(&self, inputs: mpsc::UnboundedSender<Input>) {
        let mut state = self.lock();
        loop {
            if state.closed {
                return;
            }
            state = match state.at {
                None => self.changed.wait(state).unwrap_or_else(|e| e.into_inner()),
                Some(at) => {
                    let now = Instant::now();
                    if now < at {
                        self.changed.wait_timeout(state, at - now).unwrap_or_else(|e| e.into_inner()).0
                    } else {
                        state.at = None;
                        drop(state);
                        if inputs.send(Input::DeadlineRang).is_err() {
                            return;
                        }
                        self.lock()
                    }
                }
            };
        }
    }
}

impl Alarm {
    /// An alarm that rings by sending `Input::DeadlineRang` to `inputs`.
    pub fn start(inputs: mpsc::UnboundedSender<Input>) -> std::io::Result<Alarm> {
        let shared = Arc::new(Shared { state: Mutex::new(State { at: None, closed: false }), changed: Condvar::new() });
        let thread = Arc::clone(&shared);
        std::thread::Builder::new().name("dlvbridge-deadlines".into()).spawn(move || thread.run(inputs))?;
        Ok(Alarm { shared })
    }

    /// Rings at `at` (and not when it was set to ring before).
    pub fn set(&self, at: Instant) {
        self.shared.lock().at = Some(at);
        self.shared.changed.notify_one();
    }
}

impl Drop for Alarm {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.changed.notify_one();
    }
}
