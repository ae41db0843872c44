"""The build cache: a rebuild renders exactly what a change can affect, and no more."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from scholarsite.build import BuildOptions, build
from scholarsite.errors import BuildError, Reporter

FILES = {
    "_config.yml": "title: Cache test\nurl: https://example.org\n",
    "_layouts/default.html": "<html><body>{{ content }}</body></html>\n",
    "_layouts/post.html": (
        "---\nlayout: default\n---\n<h1>{{ page.title }}</h1>{{ content }}\n"
        "{% if page.previous %}<a href=\"{{ page.previous.url }}\">older</a>{% endif %}"
        "{% if page.next %}<a href=\"{{ page.next.url }}\">newer</a>{% endif %}\n"),
    "_includes/card.html": "<div class=\"card\">{{ include.text }}</div>\n",
    "index.html": (
        "---\nlayout: default\n---\n<ul>{% for post in site.posts %}"
        "<li>{{ post.title }}</li>{% endfor %}</ul>\n"),
    "about.md": "---\nlayout: default\n---\nAbout me. {% include card.html text=\"hi\" %}\n",
    "contact.md": "---\nlayout: default\n---\nWrite to me.\n",
    "_posts/2024-01-01-one.md": "---\nlayout: post\ntitle: One\n---\nFirst.\n",
    "_posts/2024-02-01-two.md": "---\nlayout: post\ntitle: Two\n---\nSecond.\n",
    "_posts/2024-03-01-three.md": "---\nlayout: post\ntitle: Three\n---\nThird.\n",
    "_posts/2024-04-01-four.md": (
        "---\nlayout: post\ntitle: Four\n---\nFourth. {% include card.html text=\"x\" %}\n"),
    "style.css": "body { color: black; }\n",
}


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def rebuild(root: Path, use_cache: bool = True, dest: Path | None = None) -> set[str]:
    result = build(BuildOptions(source=root, destination=dest or root / "_site",
                                use_cache=use_cache), Reporter())
    return set(result.rendered)


def test_nothing_changed_renders_nothing(site):
    assert len(rebuild(site)) == 7
    assert rebuild(site) == set()


def test_post_edit_renders_the_post_its_neighbours_and_listings(site):
    rebuild(site)
    (site / "_posts/2024-03-01-three.md").write_text("---\nlayout: post\ntitle: Three!\n---\nNew.\n")
    assert rebuild(site) == {"_posts/2024-03-01-three.md", "index.html",
                             "_posts/2024-02-01-two.md", "_posts/2024-04-01-four.md"}
    assert "Three!" in (site / "_site/index.html").read_text()
    assert "New." in (site / "_site/2024/03/01/three.html").read_text()


def test_include_edit_renders_exactly_its_users(site):
    rebuild(site)
    (site / "_includes/card.html").write_text("<aside>{{ include.text }}</aside>\n")
    assert rebuild(site) == {"about.md", "_posts/2024-04-01-four.md"}
    assert "<aside>hi</aside>" in (site / "_site/about.html").read_text()


def test_layout_edit_renders_the_pages_in_it(site):
    rebuild(site)
    (site / "_layouts/post.html").write_text("---\nlayout: default\n---\n<h2>{{ page.title }}</h2>{{ content }}")
    assert rebuild(site) == {p for p in FILES if p.startswith("_posts/")}


def test_deleted_source_removes_its_output(site):
    rebuild(site)
    assert (site / "_site/contact.html").is_file()
    (site / "contact.md").unlink()
    (site / "style.css").unlink()
    assert rebuild(site) == set()
    assert not (site / "_site/contact.html").exists()
    assert not (site / "_site/style.css").exists()


def test_new_post_renders_its_neighbour_and_listings(site):
    rebuild(site)
    (site / "_posts/2024-05-01-five.md").write_text("---\nlayout: post\ntitle: Five\n---\nFifth.\n")
    assert rebuild(site) == {"_posts/2024-05-01-five.md", "_posts/2024-04-01-four.md", "index.html"}


def test_config_edit_renders_everything(site):
    first = rebuild(site)
    (site / "_config.yml").write_text("title: Renamed\nurl: https://example.org\n")
    assert rebuild(site) == first


def test_static_file_edit_is_copied_without_rendering(site):
    rebuild(site)
    (site / "style.css").write_text("body { color: red; }\n")
    os.utime(site / "style.css", ns=(1, 1))  # a different mtime, whatever the clock says
    assert rebuild(site) == set()
    assert "red" in (site / "_site/style.css").read_text()


def test_cached_output_is_identical_to_a_full_build(site, tmp_path):
    rebuild(site)
    (site / "_posts/2024-02-01-two.md").write_text("---\nlayout: post\ntitle: Two\n---\nChanged.\n")
    (site / "_includes/card.html").write_text("<p>{{ include.text }}</p>\n")
    rebuild(site)
    fresh = tmp_path / "fresh"
    rebuild(site, use_cache=False, dest=fresh)
    comparison = filecmp.dircmp(site / "_site", fresh)
    assert not comparison.left_only and not comparison.right_only
    for folder, _, files in os.walk(fresh):
        for name in files:
            rel = Path(folder, name).relative_to(fresh)
            assert (site / "_site" / rel).read_bytes() == (fresh / rel).read_bytes(), rel


def test_no_cache_writes_no_cache(site):
    rebuild(site, use_cache=False)
    assert not (site / ".scholarsite-cache").exists()


def test_layout_edit_runs_layouts_without_converting_bodies_again(site, monkeypatch):
    from scholarsite import render
    rebuild(site)
    converted = []
    original = render.convert
    monkeypatch.setattr(render, "convert", lambda s, doc, text: converted.append(doc.relative_path)
                        or original(s, doc, text))
    (site / "_layouts/post.html").write_text("---\nlayout: default\n---\n<h2>{{ page.title }}</h2>{{ content }}")
    assert rebuild(site) == {p for p in FILES if p.startswith("_posts/")}
    assert converted == []
    assert "<h2>Two</h2><p>Second.</p>" in (site / "_site/2024/02/01/two.html").read_text()
    (site / "_posts/2024-02-01-two.md").write_text("---\nlayout: post\ntitle: Two\n---\nAgain.\n")
    rebuild(site)  # its body and the listing's, not the neighbours' (only their layouts)
    assert converted == ["_posts/2024-02-01-two.md", "index.html"]


def test_builder_renders_and_writes_the_edited_file_first(site):
    from scholarsite.build import Builder
    builder = Builder(BuildOptions(source=site, destination=site / "_site"), Reporter)
    builder.build()
    edited = site / "_posts/2024-03-01-three.md"
    edited.write_text("---\nlayout: post\ntitle: Three\n---\nEdited.\n")
    result = builder.build({edited})
    assert result.rendered[0] == "_posts/2024-03-01-three.md"
    assert set(result.rendered) == {"_posts/2024-03-01-three.md", "index.html",
                                    "_posts/2024-02-01-two.md", "_posts/2024-04-01-four.md"}
    assert "Edited." in (site / "_site/2024/03/01/three.html").read_text()
    builder.close()


def test_unchanged_front_matter_is_not_parsed_again(site, monkeypatch):
    from scholarsite import reader
    rebuild(site)
    parsed = []
    original = reader.split_front_matter
    monkeypatch.setattr(reader, "split_front_matter",
                        lambda text, rel: parsed.append(rel) or original(text, rel))
    rebuild(site)
    assert parsed == []
    (site / "contact.md").write_text("---\nlayout: default\ntitle: Contact\n---\nMail me.\n")
    assert rebuild(site) == {"contact.md"}
    assert parsed == ["contact.md"]


def test_strict_turns_a_cached_warning_into_an_error(site):
    (site / "contact.md").write_text("---\nlayout: nowhere\n---\nWrite to me.\n")
    rebuild(site)  # the warning is now in the cache
    with pytest.raises(BuildError) as raised:
        build(BuildOptions(source=site, destination=site / "_site", strict=True), Reporter())
    assert str(raised.value).startswith("contact.md:2: layout 'nowhere' does not exist")
