"""Worker processes that each hold one task at a time, so a task that crashes or hangs its worker is known.

A process pool from the standard library loses track of which task killed a worker (and cannot stop a
task that hangs in a regular expression); here the parent knows every worker's task and deadline, kills a
worker past its deadline, and replaces any worker that died, reporting the task with the reason."""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from typing import Any

_DONE = object()


class StartError(Exception):
    """A worker process could not start (its `warm` raised, or it died first): no task can run."""


def _serve(conn: Connection, fn: Callable, warm: Callable | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    try:
        if warm is not None:
            warm()
    except Exception as e:
        conn.send(f"{type(e).__name__}: {e}")
        return
    conn.send("ready")
    while (task := conn.recv()) is not None:
        try:
            conn.send((True, fn(task)))
        except Exception as e:
            conn.send((False, f"{type(e).__name__}: {e}"))


def start(preload: list[str]) -> None:
    """Start the process that forks the workers now: it imports `preload` while the caller goes on (finding the
    papers, say), and `run` forks from it without waiting. Only where workers are forked from a server."""
    if _context(preload).get_start_method() == "forkserver":
        forkserver.ensure_running()


def _context(preload: list[str]):
    if "forkserver" in mp.get_all_start_methods():  # fork after threads (a progress bar) is unsafe
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(preload)  # every worker starts with the checker already imported
        return ctx
    return mp.get_context("spawn")


class _Worker:
    def __init__(self, ctx, fn: Callable, warm: Callable | None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, fn, warm), daemon=True)
        self.proc.start()
        child.close()  # the worker holds the only other end: its death reads as end-of-file here
        self.task: Any = _DONE
        self.deadline = 0.0
        try:  # started and warm: a task's time limit does not count a slow start on a busy machine
            hello = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(5)
            hello = f"it exited with code {self.proc.exitcode}"
        if hello != "ready":
            self.stop(kill=True)
            raise StartError(f"a worker process could not start: {hello}")

    def give(self, task, timeout: float) -> None:
        self.task, self.deadline = task, time.monotonic() + timeout
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def run(fn: Callable, tasks: Iterable, jobs: int, timeout: float, preload: list[str] = (),
        warm: Callable | None = None) -> Iterator[tuple[Any, Any, str | None]]:
    """(task, fn(task), None) as each task finishes, or (task, None, why) when it raised, died or timed out.
    Raises StartError when a worker cannot start (the tasks in progress are stopped and not reported).

    `fn` (and `warm`, called once in each worker before its first task) must be importable by name: a
    module-level function or a functools.partial of one."""
    ctx = _context(list(preload))
    todo = iter(tasks)
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    try:
        while True:
            while len(busy) < jobs and (task := next(todo, _DONE)) is not _DONE:
                w = idle.pop() if idle else _Worker(ctx, fn, warm)
                w.give(task, timeout)
                busy[w.conn] = w
            if not busy:
                return
            left = min(w.deadline for w in busy.values()) - time.monotonic()
            for conn in wait(list(busy), timeout=max(0.0, left)):
                w = busy.pop(conn)
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):
                    w.stop(kill=True)
                    code = w.proc.exitcode
                    why = " (killed: out of memory?)" if code == -9 else ""
                    yield w.task, None, f"worker process died with exit code {code}{why}"
                    continue
                idle.append(w)
                yield (w.task, value, None) if ok else (w.task, None, value)
            now = time.monotonic()
            for conn, w in list(busy.items()):
                if now >= w.deadline:
                    del busy[conn]
                    w.stop(kill=True)
                    yield w.task, None, f"timed out after {timeout:g} s"
    finally:
        for w in idle:
            w.stop()
        for w in busy.values():
            w.stop(kill=True)
