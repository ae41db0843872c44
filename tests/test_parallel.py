"""Rendering in worker processes gives the same site, warnings and errors as one process."""

from __future__ import annotations

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
