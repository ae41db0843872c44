"""One HTTP client for every scholarly API: timeouts, and retries with backoff on 429 and
5xx that honour ``Retry-After`` (urllib3's ``Retry``, mounted on a requests session)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from scholarsite import __version__

# The APIs' public addresses; each can be pointed elsewhere (a mirror, a test server).
BASE_URLS = {
    "openalex": ("SCHOLARSITE_OPENALEX_URL", "https://api.openalex.org"),
    "semanticscholar": ("SCHOLARSITE_SEMANTICSCHOLAR_URL", "https://api.semanticscholar.org"),
    "crossref": ("SCHOLARSITE_CROSSREF_URL", "https://api.crossref.org"),
    "inspire": ("SCHOLARSITE_INSPIRE_URL", "https://inspirehep.net"),
    "orcid": ("SCHOLARSITE_ORCID_URL", "https://pub.orcid.org"),
    "dblp": ("SCHOLARSITE_DBLP_URL", "https://dblp.org"),
    "arxiv": ("SCHOLARSITE_ARXIV_URL", "https://export.arxiv.org"),
}

RETRY_STATUSES = (429, 500, 502, 503, 504)


def base_url(api: str) -> str:
    variable, default = BASE_URLS[api]
    return (os.environ.get(variable) or default).rstrip("/")


class SourceError(Exception):
    """An API could not answer (unreachable, timed out, refused, or answered nonsense)."""

    def __init__(self, message: str, offline: bool = False):
        super().__init__(message)
        self.offline = offline  # the host could not be reached at all


@dataclass
class Client:
    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0  # seconds before the second retry; doubles after each
    max_retry_after: int = 120  # a longer Retry-After is cut to this
    mailto: str = ""

    def __post_init__(self):
        retry = Retry(total=self.retries, backoff_factor=self.backoff,
                      status_forcelist=RETRY_STATUSES, allowed_methods=None,
                      respect_retry_after_header=True, retry_after_max=self.max_retry_after,
                      raise_on_status=False)
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        self.session.headers["User-Agent"] = f"scholarsite/{__version__} (academic homepage " \
                                             f"builder{contact})"

    def get(self, url: str, params: dict | None = None, accept: str = "application/json",
            headers: dict | None = None) -> requests.Response:
        return self._send("GET", url, params=params,
                          headers={"Accept": accept, **(headers or {})})

    def post(self, url: str, params: dict | None = None, json=None,
             headers: dict | None = None) -> requests.Response:
        return self._send("POST", url, params=params, json=json,
                          headers={"Accept": "application/json", **(headers or {})})

    def json(self, method: str, url: str, **kwargs):
        response = self.get(url, **kwargs) if method == "GET" else self.post(url, **kwargs)
        return decode(response)

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.exceptions.ConnectionError as exc:
            timed_out = "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
            if timed_out:
                raise SourceError(f"{short(url)} did not answer within {self.timeout:g} s "
                                  f"({self.retries + 1} tries)") from None
            raise SourceError(f"could not reach {short(url)} (no network?)",
                              offline=True) from None
        except requests.exceptions.Timeout:
            raise SourceError(f"{short(url)} did not answer within {self.timeout:g} s "
                              f"({self.retries + 1} tries)") from None
        except requests.exceptions.RequestException as exc:
            raise SourceError(f"{short(url)}: {exc}") from None
        if response.status_code == 404:
            return response
        if response.status_code >= 400:
            why = "rate limited" if response.status_code == 429 else "refused"
            raise SourceError(f"{short(url)} {why} the request (HTTP {response.status_code} "
                              f"after {self.retries + 1} tries)")
        return response


def decode(response: requests.Response):
    """The JSON of an answer, or SourceError naming the URL if it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise SourceError(f"{short(response.url)} answered with malformed JSON "
                          f"({len(response.content)} bytes)") from None


def short(url: str) -> str:
    """The host and path of a URL, for messages."""
    return requests.utils.urlparse(url)._replace(query="").geturl().split("://", 1)[-1]
