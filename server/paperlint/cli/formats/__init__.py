"""Renderers of a Report, one module per output format."""

from paperlint.cli.formats import json_format, text

FORMATS = {"text": text.render, "json": json_format.render}
