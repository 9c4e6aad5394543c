//! Scopes from Go sources with tree-sitter-go (placeholder until it lands).
