//! The LSP adapter: breakpoint-condition documents and debugger-aware
//! completion in Go files, over the shared engine. Only this layer speaks
//! JSON-RPC.
