"""`paperlint serve` whose checks raise on a paper containing MARK, as an unforeseen bug in the checker would.
For tests/test_lsp_robust.py only: the real server with its check wrapped, so nothing in the package is test-only."""

from paperlint.lsp import server

MARK = "% this check fails"
_check = server.check


def check(root, texts, *args):
    if any(MARK in text for text in texts.values()):
        raise RuntimeError("an unforeseen failure")
    return _check(root, texts, *args)


if __name__ == "__main__":
    server.check = check
    server.serve()
