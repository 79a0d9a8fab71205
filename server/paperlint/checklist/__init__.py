"""Stage 4: the checklist as data: item and profile models, loading YAML with located errors, the registry.

The names below load on first use: the command line reads `files` (the built-in profiles, the error type)
without the models."""

_EXPORTS = {"Applies": "models", "Evidence": "models", "Fix": "models", "Item": "models", "Profile": "models",
            "ChecklistError": "files", "Registry": "registry", "load_registry": "registry"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module
        return getattr(import_module(f"paperlint.checklist.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
