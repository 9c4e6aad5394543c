//! The DAP bridge between the editor and `dlv dap`: pass-through, condition
//! verdicts, console completions, path rewriting. Only this layer speaks DAP.
