from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_apis import FakeAPIs  # noqa: E402


@pytest.fixture
def apis(monkeypatch):
    """The fake APIs, running; every SCHOLARSITE_*_URL points at them."""
    with FakeAPIs() as server:
        for variable, url in server.environ().items():
            monkeypatch.setenv(variable, url)
        monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
        monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
        yield server
