//! The messages the bridge attached to breakpoints, by id, so that Delve's
//! later `breakpoint` events keep them, and the ids it gives breakpoints
//! Delve never saw.

use std::collections::HashMap;

use serde_json::Value;

use crate::dap_bridge::breakpoints::BpPlan;

pub(super) struct BreakpointMessages {
    by_id: HashMap<i64, String>,
    /// The next id for a breakpoint withheld from Delve (or rejected by it
    /// without one).
    pub next_id: i64,
}

impl Default for BreakpointMessages {
    fn default() -> Self {
        BreakpointMessages { by_id: HashMap::new(), next_id: 1_000_000 }
    }
}

impl BreakpointMessages {
    /// Remembers the messages of a merged response; returns the
    /// breakpoints that carry one.
    pub fn remember(&mut self, body: &Value, plan: &BpPlan) -> Vec<Value> {
        let mut carrying = Vec::new();
        let bps = body.get("breakpoints").and_then(Value::as_array);
        for (bp, verdict) in bps.into_iter().flatten().zip(&plan.verdicts) {
            if verdict.message.is_none() {
                continue;
            }
            if let (Some(id), Some(msg)) =
                (bp.get("id").and_then(Value::as_i64), bp.get("message").and_then(Value::as_str))
            {
                self.by_id.insert(id, msg.to_string());
                carrying.push(bp.clone());
            }
        }
        carrying
    }

    /// Adds the remembered message to a breakpoint of Delve's `breakpoint`
    /// event that has none.
    pub fn annotate(&self, bp: &mut Value) {
        let id = bp.get("id").and_then(Value::as_i64);
        if let (Some(msg), Some(obj)) = (id.and_then(|id| self.by_id.get(&id)), bp.as_object_mut()) {
            if !obj.contains_key("message") {
                obj.insert("message".to_string(), Value::String(msg.clone()));
            }
        }
    }
}
