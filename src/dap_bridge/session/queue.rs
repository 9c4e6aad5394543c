//! Editor requests held back, in order, while the session waits for
//! something it needs before it can handle the next one: the path rules of
//! a launch (only requests that name files, or whose answers do, wait for
//! them), the verdicts of a `setBreakpoints`. Delve's messages and the
//! requests the bridge answers itself keep flowing meanwhile.

use std::collections::VecDeque;

use super::work::Ticket;
use crate::dap_bridge::envelope::{Envelope, Message};

/// Why the path rules are not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RulesWait {
    /// A launch or attach went to Delve; the binary is not there yet.
    Launch,
    /// Job `Ticket` infers them.
    Job(Ticket),
}

#[derive(Default)]
pub(super) struct EditorQueue {
    rules: Option<RulesWait>,
    /// A `setBreakpoints` / `setFunctionBreakpoints` whose verdicts job
    /// `Ticket` computes.
    verdicts: Option<(Ticket, Message)>,
    /// Each with whether it needs the rules.
    held: VecDeque<(Envelope, bool)>,
}

impl EditorQueue {
    /// Whether a request (that `needs_rules`) must wait: behind what
    /// already waits, so that order is kept; while verdicts are computed;
    /// while the rules it needs are not known.
    pub fn must_wait(&self, needs_rules: bool) -> bool {
        !self.held.is_empty() || self.verdicts.is_some() || (needs_rules && self.rules.is_some())
    }

    pub fn rules_wait(&self) -> Option<RulesWait> {
        self.rules
    }

    /// Holds what comes next until the rules are known.
    pub fn wait_for_rules(&mut self, wait: RulesWait) {
        self.rules = Some(wait);
    }

    /// The rules are known (or will not be); true when something waited.
    pub fn rules_known(&mut self) -> bool {
        self.rules.take().is_some()
    }

    /// Job `ticket` ended; true when the rules waited for it.
    pub fn rules_job_ended(&mut self, ticket: Ticket) -> bool {
        self.rules == Some(RulesWait::Job(ticket)) && self.rules_known()
    }

    /// Holds what comes after `request` until its verdicts are known.
    pub fn wait_for_verdicts(&mut self, ticket: Ticket, request: Message) {
        self.verdicts = Some((ticket, request));
    }

    /// The request whose verdicts job `ticket` computed, if it still waits.
    pub fn verdicts_ended(&mut self, ticket: Ticket) -> Option<Message> {
        match &self.verdicts {
            Some((t, _)) if *t == ticket => self.verdicts.take().map(|(_, m)| m),
            _ => None,
        }
    }

    pub fn hold(&mut self, m: Envelope, needs_rules: bool) {
        self.held.push_back((m, needs_rules));
    }

    /// The next held request, once what it waits for is known.
    pub fn next_released(&mut self) -> Option<Envelope> {
        let (_, needs_rules) = self.held.front()?;
        if self.verdicts.is_some() || (*needs_rules && self.rules.is_some()) {
            return None;
        }
        self.held.pop_front().map(|(m, _)| m)
    }

    /// Every request the editor is still owed an answer for (the one being
    /// checked first), ending every wait.
    pub fn cancel(&mut self) -> Vec<Envelope> {
        self.rules = None;
        let working = self.verdicts.take().map(|(_, m)| Envelope::Parsed(m));
        working.into_iter().chain(self.held.drain(..).map(|(m, _)| m)).collect()
    }
}
