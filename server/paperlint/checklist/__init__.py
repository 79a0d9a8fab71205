"""Stage 4: the checklist as data: item and profile models, loading YAML with located errors, the registry."""

from paperlint.checklist.models import Applies, Evidence, Fix, Item, Profile
from paperlint.checklist.registry import ChecklistError, Registry, load_registry

__all__ = ["Applies", "ChecklistError", "Evidence", "Fix", "Item", "Profile", "Registry", "load_registry"]
