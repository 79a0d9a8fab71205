"""The language server: LSP faces over the engine (docs/lsp.md)."""
