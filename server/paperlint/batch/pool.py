"""Worker processes that run their tasks in order, so a task that crashes or hangs its worker is known.

A process pool from the standard library loses track of which task killed a worker (and cannot stop a
task that hangs in a regular expression); here the parent knows every worker's tasks and the deadline of the
one running, kills a worker past its deadline, and replaces any worker that died, reporting the task with the
reason; the tasks it held behind that one go to another worker."""

from __future__ import annotations

import multiprocessing as mp
import signal
import time
from collections import deque
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
        self.tasks: deque = deque()  # sent and not answered yet: the first is the one running
        self.deadline = 0.0  # of the running task
        try:  # started and warm: a task's time limit does not count a slow start on a busy machine
            hello = self.conn.recv()
        except (EOFError, OSError):
            self.proc.join(5)
            hello = f"it exited with code {self.proc.exitcode}"
        if hello != "ready":
            self.stop(kill=True)
            raise StartError(f"a worker process could not start: {hello}")

    def give(self, task, timeout: float) -> None:
        if not self.tasks:
            self.deadline = time.monotonic() + timeout
        self.tasks.append(task)
        try:
            self.conn.send(task)
        except OSError:  # it died on a task queued before, since its last answer: the next wait reads its end, and
            pass  # the task stays queued behind that one, which `run` reports, and goes to another worker

    def answered(self, timeout: float):
        """The task just answered; the next one sent, if any, is running from now."""
        self.deadline = time.monotonic() + timeout
        return self.tasks.popleft()

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


AHEAD = 2  # tasks sent to a worker at a time: it starts the next one without waiting for this process to wake


def run(fn: Callable, tasks: Iterable, jobs: int, timeout: float, preload: list[str] = (),
        warm: Callable | None = None) -> Iterator[tuple[Any, Any, str | None]]:
    """(task, fn(task), None) as each task finishes, or (task, None, why) when it raised, died or timed out.
    Raises StartError when a worker cannot start (the tasks in progress are stopped and not reported).

    `fn` (and `warm`, called once in each worker before its first task) must be importable by name: a
    module-level function or a functools.partial of one. Each worker holds the task it runs and the next: a task
    queued behind one that kills its worker or runs out of time goes to another worker."""
    ctx = _context(list(preload))
    todo = iter(tasks)
    again: deque = deque()  # tasks taken back from a worker that died or was stopped before running them
    workers: dict[Connection, _Worker] = {}

    def feed() -> None:
        """Start workers up to `jobs` and fill each with tasks, all taken first, then AHEAD each."""
        for depth in range(1, AHEAD + 1):
            for w in [*workers.values(), *([None] * (jobs - len(workers)))]:
                if w is not None and len(w.tasks) >= depth:
                    continue
                task = again.popleft() if again else next(todo, _DONE)
                if task is _DONE:
                    return
                if w is None:
                    w = _Worker(ctx, fn, warm)
                    workers[w.conn] = w
                w.give(task, timeout)

    def drop(w: _Worker) -> Any:
        """Stop a worker that died or ran out of time: its running task, and the others back in the queue."""
        del workers[w.conn]
        w.stop(kill=True)
        running = w.tasks.popleft()
        again.extendleft(reversed(w.tasks))
        return running

    try:
        while True:
            feed()
            busy = [conn for conn, w in workers.items() if w.tasks]
            if not busy:
                return
            left = min(workers[c].deadline for c in busy) - time.monotonic()
            for conn in wait(busy, timeout=max(0.0, left)):
                w = workers[conn]
                try:
                    ok, value = conn.recv()
                except (EOFError, OSError):
                    task = drop(w)
                    code = w.proc.exitcode
                    why = " (killed: out of memory?)" if code == -9 else ""
                    yield task, None, f"worker process died with exit code {code}{why}"
                    continue
                task = w.answered(timeout)
                yield (task, value, None) if ok else (task, None, value)
            now = time.monotonic()
            for w in [w for w in workers.values() if w.tasks and now >= w.deadline]:
                yield drop(w), None, f"timed out after {timeout:g} s"
    finally:
        for w in workers.values():
            w.stop(kill=bool(w.tasks))
