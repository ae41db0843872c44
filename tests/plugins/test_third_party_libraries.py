"""al-folio's third_party_libraries: {{version}} in the URLs becomes each version, as its
download-3rd-party plugin does (published al-folio pages load jquery@3.6.0, not
jquery@{{version}})."""

from __future__ import annotations

CONFIG = """third_party_libraries:
  download: DOWNLOAD
  jquery:
    url:
      js: "https://cdn.jsdelivr.net/npm/jquery@{{version}}/dist/jquery.min.js"
    version: "3.6.0"
  mathjax:
    url:
      tex:
        js: "https://cdn.jsdelivr.net/npm/mathjax@{{version}}/es5/tex-mml-chtml.js"
    version: 3.2.2
"""
PAGE = ("---\n---\n{{ site.third_party_libraries.jquery.url.js }}\n"
        "{{ site.third_party_libraries.mathjax.url.tex.js }}\n")


def test_versions_go_into_the_urls(build):
    built = build({"_config.yml": CONFIG.replace("DOWNLOAD", "false"), "index.html": PAGE})
    assert built.page("index.html").split() == [
        "https://cdn.jsdelivr.net/npm/jquery@3.6.0/dist/jquery.min.js",
        "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-mml-chtml.js"]
    assert not built.warnings


def test_download_keeps_the_cdn_urls_with_a_warning(build):
    built = build({"_config.yml": CONFIG.replace("DOWNLOAD", "true"), "index.html": PAGE})
    assert "jquery@3.6.0" in built.page("index.html")
    assert any("third_party_libraries: download is on" in w for w in built.warnings)
