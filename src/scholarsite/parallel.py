"""Rendering many documents on several cores.

Worker processes are forked after the site is read, so each starts with the whole
model in memory and nothing is pickled on the way in; only render results come back.
Below a threshold one process is faster (forking and returning results cost more
than they save), so small sites never fork.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Iterator

from scholarsite.errors import Reporter
from scholarsite.render import RenderResult, render_tracked
from scholarsite.site import Document, Site

PARALLEL_THRESHOLD = 150  # documents to render; measured on the bench site
CHUNK = 20

_site: Site | None = None
_docs: list[Document] = []
_bodies: dict = {}


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
    global _site, _docs, _bodies
    _site, _docs, _bodies = site, docs, bodies
    warm_up(site)
    chunks = [range(i, min(i + CHUNK, len(docs))) for i in range(0, len(docs), CHUNK)]
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers, initializer=_start_worker) as pool:
            for chunk, results in zip(chunks, pool.imap(_render_chunk, chunks)):
                for index, result in zip(chunk, results):
                    yield docs[index], result
    finally:
        _site, _docs, _bodies = None, [], {}


def body_of(bodies: dict, doc: Document) -> str | None:
    cached = bodies.get(doc.relative_path)
    return cached.content if cached is not None else None


def warm_up(site: Site) -> None:
    """Build what every worker would otherwise build for itself (the Markdown parser)."""
    from scholarsite.markdown import render_markdown
    render_markdown("", site.config)


def _start_worker() -> None:
    # Warnings travel back with the results and are printed once, by the parent.
    _site.reporter = Reporter(stream=io.StringIO(), strict=_site.reporter.strict)


def _render_chunk(indices: range) -> list[RenderResult]:
    results = []
    for index in indices:
        result = render_tracked(_site, _docs[index], body_of(_bodies, _docs[index]))
        results.append(result)
        if result.error is not None:
            break
    return results
