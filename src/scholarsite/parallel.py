"""Rendering many documents on several cores.

Worker processes are forked after the site is read, so each starts with the whole
model in memory and nothing is pickled on the way in; only render results come back.
Below a threshold one process is faster (forking and returning results cost more
than they save), so small sites never fork.

Stopping the workers must never hang the build. ``serve`` forks them from its rebuild
thread, in a process with HTTP threads and a Python SIGTERM handler, so:

- Each worker resets SIGTERM to the default action as soon as it is forked (see
  ``_after_fork``). ``Pool.terminate()`` takes the task queue's lock for good and then
  relies on SIGTERM to end the workers waiting for it. An inherited Python handler only
  sets a flag that the interpreter checks when it gets back to bytecode, so a worker
  asleep in C on that lock (or any other) would sleep on and never be joined.
- Once every result is in, the workers are not signalled at all: they are told to exit,
  and any that has not within ``STOP_WAIT`` seconds is killed (see ``_stop``).
- Workers ignore Ctrl-C (the parent stops them) and, on Linux, die with their parent
  instead of printing BrokenPipeError tracebacks when it is killed.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Iterator

from scholarsite.errors import Reporter
from scholarsite.render import RenderResult, render_tracked
from scholarsite.site import Document, Site

PARALLEL_THRESHOLD = 150  # documents to render; measured on the bench site
CHUNK = 20
STOP_WAIT = 5.0  # seconds idle workers get to exit by themselves before they are killed
PR_SET_PDEATHSIG = 1  # linux/prctl.h

_site: Site | None = None
_docs: list[Document] = []
_bodies: dict = {}
_parent: int | None = None  # the process running a pool, while it runs


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1, 8))


def render_documents(site: Site, docs: list[Document], workers: int,
                     bodies: dict | None = None) -> Iterator[tuple[Document, RenderResult]]:
    """Yield (document, result) in document order. ``bodies``: cached bodies by path,
    for documents whose layouts alone need to run."""
    bodies = bodies or {}
    if workers <= 1 or len(docs) < PARALLEL_THRESHOLD or "fork" not in multiprocessing.get_all_start_methods():
        for doc in docs:
            yield doc, render_tracked(site, doc, body_of(bodies, doc))
        return
    global _site, _docs, _bodies, _parent
    _site, _docs, _bodies = site, docs, bodies
    warm_up(site)
    _prctl()  # loaded before forking
    chunks = [range(i, min(i + CHUNK, len(docs))) for i in range(0, len(docs), CHUNK)]
    _parent = os.getpid()
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
        finished = False
        try:
            for chunk, results in zip(chunks, pool.imap(_render_chunk, chunks)):
                for index, result in zip(chunk, results):
                    yield docs[index], result
            finished = True
        finally:
            if finished:
                _stop(pool)
            else:  # an error, or the build was interrupted: results still pending are dropped
                pool.terminate()
    finally:
        _site, _docs, _bodies, _parent = None, [], {}, None


def body_of(bodies: dict, doc: Document) -> str | None:
    cached = bodies.get(doc.cache_key)
    return cached.content if cached is not None else None


def warm_up(site: Site) -> None:
    """Build what every worker would otherwise build for itself (the Markdown parser)."""
    from scholarsite.markdown import render_markdown
    render_markdown("", site.config)


def _stop(pool) -> None:
    """Let the idle workers exit, then kill any that is still there after ``STOP_WAIT``
    (e.g. stuck at exit on a lock that another thread of the parent held when it forked)."""
    pool.close()  # each worker reads an end-of-work marker and exits
    workers = list(pool._pool)  # Pool has no public list of its processes
    deadline = time.monotonic() + STOP_WAIT
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.exitcode is None:
            worker.kill()
    pool.join()


@functools.cache
def _prctl():
    """Linux's ``prctl``, or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _after_fork() -> None:
    """Runs in every process forked while a pool runs (its workers), right after the
    fork, before the worker loop starts."""
    global _parent
    parent, _parent = _parent, None  # not in processes a worker might fork
    if parent is None:
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    prctl = _prctl()
    if prctl is not None:
        # Sent when the thread that forked ends: the build's own thread, or for a worker
        # the pool starts as a replacement, the pool's thread, which ends with the pool.
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl: nobody wants our results
            os._exit(0)


os.register_at_fork(after_in_child=_after_fork)


def _start_worker() -> None:
    # Warnings travel back with the results and are printed once, by the parent.
    _site.reporter = Reporter(stream=io.StringIO(), strict=_site.reporter.strict)


def _render_chunk(indices: range) -> list[RenderResult]:
    results = []
    for index in indices:
        result = render_tracked(_site, _docs[index], body_of(_bodies, _docs[index]))
        results.append(result)  # on after an error too: the build reports them all
    return results
