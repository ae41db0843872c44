"""al-folio's third-party libraries (``third_party_libraries:``; its v0 download-3rd-party
plugin, v1's jekyll-3rd-party-libraries): ``{{version}}`` in each library's URLs becomes
its ``version``, as the plugin does before anything renders.

``download: true`` asks the plugin to fetch the files into ``assets/libs/``; a build here
uses no network, so the pages keep the CDN URLs, with one warning.
"""

from __future__ import annotations

from scholarsite.plugins.registry import Plugin
from scholarsite.site import Site


def fill_library_versions(site: Site) -> None:
    libraries = site.config.get("third_party_libraries")
    if not isinstance(libraries, dict):
        return
    for name, library in libraries.items():
        if name == "download" or not isinstance(library, dict):
            continue
        version = library.get("version")
        urls = library.get("url")
        if version is None or not isinstance(urls, dict):
            continue
        for kind, url in urls.items():
            if isinstance(url, dict):
                urls[kind] = {k: with_version(v, version) for k, v in url.items()}
            else:
                urls[kind] = with_version(url, version)
    if libraries.get("download"):
        site.reporter.warn("third_party_libraries: download is on, but a build uses no network: "
                           "the pages load the libraries from their CDN URLs", "_config.yml")


def with_version(url, version) -> object:
    return url.replace("{{version}}", str(version)) if isinstance(url, str) else url


PLUGIN = Plugin("jekyll-3rd-party-libraries", gems=("download-3rd-party",),
                generators=(fill_library_versions,), config=("third_party_libraries",))
