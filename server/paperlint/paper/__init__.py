"""Stage 3: the paper model (sections, environments, blocks of text with a source map) and its facts."""

from paperlint.paper.build import build_document
from paperlint.paper.facts import Facts, decide_facts
from paperlint.paper.model import Block, Document, Environment, Link, Section, Text

__all__ = ["Block", "Document", "Environment", "Facts", "Link", "Section", "Text", "build_document", "decide_facts"]
