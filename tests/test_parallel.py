"""Rendering in worker processes gives the same site, warnings and errors as one process,
and the workers never outlive the build, whatever state they are in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from scholarsite import parallel
from scholarsite.build import BuildOptions, build
from scholarsite.errors import BuildError, Reporter


def make_site(root: Path, posts: int = 60) -> Path:
    (root / "_layouts").mkdir(parents=True)
    (root / "_posts").mkdir()
    (root / "_config.yml").write_text("title: Parallel\n")
    (root / "_layouts/post.html").write_text(
        "<h1>{{ page.title }}</h1>{{ content }}{% if page.next %}{{ page.next.url }}{% endif %}")
    for i in range(posts):
        (root / f"_posts/2024-01-{i % 28 + 1:02d}-post-{i}.md").write_text(
            f"---\nlayout: post\ntitle: Post {i}\n---\n# Heading {i}\n\n```python\nx = {i}\n```\n")
    (root / "index.html").write_text(
        "---\n---\n{% for p in site.posts %}{{ p.title }}: {{ p.content | strip_html }}{% endfor %}")
    (root / "odd.md").write_text("---\nlayout: missing\n---\nText\n")
    return root


def build_with(root: Path, dest: Path, workers: int, reporter: Reporter | None = None):
    return build(BuildOptions(source=root, destination=dest, use_cache=False, workers=workers),
                 reporter or Reporter())


@pytest.fixture
def forced_parallel(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(parallel, "CHUNK", 7)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_parallel_output_equals_sequential(tmp_path, forced_parallel):
    site = make_site(tmp_path / "site")
    one = Reporter()
    build_with(site, tmp_path / "one", 1, one)
    two = Reporter()
    result = build_with(site, tmp_path / "two", 2, two)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len(result.rendered) == 62
    assert one.warnings == two.warnings and any("missing" in w for w in two.warnings)


def test_error_in_a_worker_is_reported_once(tmp_path, forced_parallel):
    site = make_site(tmp_path / "site")
    (site / "_posts/2024-01-03-post-2.md").write_text("---\nlayout: post\n---\n{% if x %}\n")
    with pytest.raises(BuildError) as raised:
        build_with(site, tmp_path / "out", 2)
    assert str(raised.value).startswith("_posts/2024-01-03-post-2.md:4:")
    assert not (tmp_path / "out").exists()


# Builds the site in argv[1] into argv[2] with 2 workers, from a thread other than the main
# one (as serve does), with a Python SIGTERM handler that does not end the process (serve's
# ends it, but only once the interpreter gets to run it). ``stuck()`` blocks in C on a
# mutex that was locked before the workers were forked, so no Python code runs in it again.
PRELUDE = """
import ctypes, multiprocessing, os, signal, sys, threading, time
from pathlib import Path
from multiprocessing import util
from scholarsite import parallel
from scholarsite.build import BuildOptions, build
from scholarsite.errors import Reporter

parallel.PARALLEL_THRESHOLD, parallel.CHUNK = 1, 7
real_render_chunk = parallel._render_chunk
signal.signal(signal.SIGTERM, lambda signum, frame: None)
libc = ctypes.CDLL(None)
mutex = ctypes.create_string_buffer(64)  # a zeroed pthread_mutex_t is an unlocked one
libc.pthread_mutex_lock(mutex)
ready = multiprocessing.get_context("fork").Event()

def stuck():
    libc.pthread_mutex_lock(mutex)

def run_build():
    try:
        build(BuildOptions(source=Path(sys.argv[1]), destination=Path(sys.argv[2]),
                           use_cache=False, workers=2), Reporter())
        print("built", flush=True)
    except Exception as err:
        print("stopped:", type(err).__name__, err, flush=True)

def build_in_a_thread():
    thread = threading.Thread(target=run_build)
    thread.start()
    thread.join()
"""


class Script:
    """PRELUDE + body in a process of its own, killed with its workers after a minute so
    that a regression fails instead of hanging."""

    def __init__(self, body: str, site: Path, dest: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(body), str(site), str(dest)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.killed = False
        self.watchdog = threading.Timer(60, self.kill)
        self.watchdog.start()

    def kill(self) -> None:
        self.killed = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def finish(self) -> tuple[str, str]:
        """stdout and stderr, once the script and every worker have closed them."""
        out, err = self.process.communicate()
        self.watchdog.cancel()
        if self.killed:
            pytest.fail(f"still running after a minute: a worker outlived its pool\n{err}")
        return out, err


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="uses glibc's pthread_mutex_lock and prctl")


@linux_only
def test_failed_build_stops_workers_blocked_in_c(tmp_path):
    """A worker raises while the other is blocked in C: Pool.terminate() sends SIGTERM,
    which must kill the blocked one although the parent has a Python SIGTERM handler."""
    site = make_site(tmp_path / "site")
    out, err = Script("""
        def render_chunk(indices):
            if indices.start == 0:
                ready.wait(30)  # until the other worker is blocked
                raise RuntimeError("chunk 0 failed")
            ready.set()
            stuck()

        parallel._render_chunk = render_chunk
        build_in_a_thread()
    """, site, tmp_path / "out").finish()
    assert out == "stopped: RuntimeError chunk 0 failed\n", err


@linux_only
def test_finished_build_kills_a_worker_that_does_not_exit(tmp_path):
    """Every result is in, but a worker blocks in C on its way out with SIGTERM ignored:
    the build still returns, with the whole site written."""
    site = make_site(tmp_path / "site")
    out, err = Script("""
        parallel.STOP_WAIT = 0.5

        def stuck_for_good():
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stuck()

        def render_chunk(indices):
            util.Finalize(None, stuck_for_good, exitpriority=100)  # runs at worker exit
            return real_render_chunk(indices)

        parallel._render_chunk = render_chunk
        build_in_a_thread()
    """, site, tmp_path / "out").finish()
    assert out == "built\n", err
    assert len(list((tmp_path / "out").rglob("*.html"))) == 62


@linux_only
def test_workers_die_quietly_with_a_killed_parent(tmp_path):
    """The build process is killed while both workers render: they exit at once, without
    BrokenPipeError tracebacks (they would otherwise finish and fail to send results)."""
    site = make_site(tmp_path / "site")
    script = Script("""
        parent = os.getpid()

        def render_chunk(indices):
            os.write(1, b"rendering\\n")  # one write: the two workers share the pipe
            for _ in range(600):  # until the parent is gone
                if os.getppid() != parent:
                    break
                time.sleep(0.05)
            return real_render_chunk(indices)

        parallel._render_chunk = render_chunk
        run_build()
    """, site, tmp_path / "out")
    started = [script.process.stdout.readline() for _ in range(2)]
    assert started == ["rendering\n"] * 2
    os.kill(script.process.pid, signal.SIGKILL)
    out, err = script.finish()  # the pipes close when the last worker has exited
    assert out == "" and err == ""


@linux_only
def test_ctrl_c_stops_a_parallel_build_with_one_line(tmp_path):
    """Ctrl-C reaches the whole process group: the workers leave stopping to the parent,
    which prints its one line, instead of each printing a KeyboardInterrupt traceback."""
    site = make_site(tmp_path / "site")
    script = Script("""
        import scholarsite.build
        from scholarsite.cli import main

        scholarsite.build.default_workers = lambda: 2

        def render_chunk(indices):
            os.write(1, b"rendering\\n")
            time.sleep(30)
            return real_render_chunk(indices)

        parallel._render_chunk = render_chunk
        sys.exit(main(["build", "-s", sys.argv[1], "-d", sys.argv[2], "--no-cache"]))
    """, site, tmp_path / "out")
    started = [script.process.stdout.readline() for _ in range(2)]
    assert started == ["rendering\n"] * 2
    os.killpg(script.process.pid, signal.SIGINT)
    out, err = script.finish()
    assert out == "" and err == "scholarsite: interrupted; the previous output was left as it was\n"
    assert script.process.returncode == 130 and not (tmp_path / "out").exists()
