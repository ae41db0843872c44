"""jekyll-jupyter-notebook: ``{% jupyter_notebook path %}`` shows a notebook in an
iframe, and each ``.ipynb`` file of the site is published as ``NAME.ipynb.html``,
converted by nbconvert (as the plugin does with ``jupyter nbconvert --to html``).

Conversions are kept in the build cache by the notebook's content, so an unchanged
notebook costs nothing on the next build. Without nbconvert the page still builds and
the warning says how to install it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TextIO

from liquid.ast import Node
from liquid.tag import Tag

from scholarsite.cache import CACHE_DIR
from scholarsite.config import listed_plugins
from scholarsite.liquid.tags import tag_parts
from scholarsite.plugins.registry import Plugin

if TYPE_CHECKING:
    from liquid.context import RenderContext
    from liquid.stream import TokenStream

    from scholarsite.site import Site

GEM = "jekyll-jupyter-notebook"
IFRAME = """<div class="jupyter-notebook" style="position: relative; width: 100%; margin: 0 auto;">
  <div class="jupyter-notebook-iframe-container">
    <iframe src="{src}.html" style="position: absolute; top: 0; left: 0; border-style: none;" width="100%" height="100%" onload="this.parentElement.style.paddingBottom = (this.contentWindow.document.documentElement.scrollHeight + 10) + 'px'"></iframe>
  </div>
</div>
"""


def to_html(site: "Site", path: Path, rel: str) -> bytes | None:
    data = path.read_bytes()
    try:
        import nbconvert
        import nbformat
    except ImportError:
        site.reporter.warn(f"{rel} is not converted to HTML: nbconvert is not installed "
                           "(pip install nbconvert)", rel)
        return None
    key = hashlib.sha256(data + nbconvert.__version__.encode()).hexdigest()
    cached = site.source / CACHE_DIR / "notebooks" / f"{key}.html"
    if cached.is_file():
        return cached.read_bytes()
    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
        html, _ = nbconvert.HTMLExporter().from_notebook_node(
            notebook, resources={"metadata": {"name": PurePosixPath(rel).stem}})
    except Exception as err:  # a broken notebook: nbformat and nbconvert raise many kinds
        site.reporter.warn(f"{rel} could not be converted to HTML ({type(err).__name__}: "
                           f"{err}); check that it opens in Jupyter", rel)
        return None
    out = html.encode("utf-8")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(out)
    except OSError:
        pass  # a read-only source converts again next time
    return out


def generate_notebooks(site: "Site") -> None:
    if GEM not in listed_plugins(site.config):
        return
    for static in list(site.static_files):
        if static.relative_path.endswith(".ipynb"):
            html = to_html(site, static.path, static.relative_path)
            if html is not None:
                site.add_generated_file(static.destination_path + ".html", html)
                site.static_files.remove(static)  # published as HTML only, as the plugin does


class JupyterNotebookNode(Node):
    def __init__(self, token, markup: str):
        super().__init__(token)
        self.markup, self.blank = markup.strip(), False

    def render_to_output(self, context: "RenderContext", buffer: TextIO) -> int:
        value = context.resolve(self.markup, default=None) if self.markup.isidentifier() else None
        src = str(value) if isinstance(value, str) else self.markup
        return buffer.write(IFRAME.format(src=src.replace('"', "&quot;")))


class JupyterNotebookTag(Tag):
    name = "jupyter_notebook"
    block = False

    def parse(self, stream: "TokenStream") -> Node:
        token, markup = tag_parts(stream)
        return JupyterNotebookNode(token, markup)


PLUGIN = Plugin(GEM, tags=(JupyterNotebookTag,), generators=(generate_notebooks,))
