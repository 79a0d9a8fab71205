"""Renderers of a Report, one module per output format: render(reports, Options) -> str."""

from paperlint.cli.formats import github, json_format, junit, sarif, text

FORMATS = {"text": text.render, "json": json_format.render, "sarif": sarif.render, "github": github.render,
           "junit": junit.render}
