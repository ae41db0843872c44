"""What each output depends on, and a persistent cache of render results.

While a document renders, every file it reads (layouts, includes, bibliographies) and
every ``site.*`` listing it reads is noted. The cache (SQLite, under the source's
``.scholarsite-cache/``) keeps, per document, those dependencies with their content
hashes and the render result. A later build re-renders a document only when one of
its hashes changed; the whole cache is void when the configuration, the command-line
options or scholarsite itself (its version, or any of its files) change.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import zlib
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from scholarsite.engine import stamp as engine_stamp
from scholarsite.options import CACHE_DIR
DATABASE = "renders-v3.sqlite"  # a new name when the tables change


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class Dependencies:
    """Collected during one document's render: files read and site listings read."""

    files: set[str] = field(default_factory=set)  # absolute paths
    listings: set[str] = field(default_factory=set)  # keys of ``site`` such as "posts"


class CachedRender:
    """A stored render; content and output are decompressed only when asked for."""

    def __init__(self, signatures: dict, content: bytes | str, output: bytes | str,
                 warnings: list[str], output_digest: str):
        # "full": everything the render read; "content": what the body alone read, so a
        # layout edit re-runs layouts without converting the Markdown again.
        self.signature = signatures["full"]
        self.content_signature = signatures["content"]
        self.content_warnings = signatures.get("content_warnings", 0)
        # Its layout may list what the body cited, which only rendering the body tells.
        self.content_cited = signatures.get("content_cited", False)
        self.warnings = warnings
        self.output_digest = output_digest
        self._content, self._output = content, output

    @property
    def content(self) -> str:
        if isinstance(self._content, bytes):
            self._content = zlib.decompress(self._content).decode("utf-8")
        return self._content

    @property
    def output(self) -> str:
        if isinstance(self._output, bytes):
            self._output = zlib.decompress(self._output).decode("utf-8")
        return self._output


class BuildCache:
    """Render results by document, valid while their dependencies' hashes hold."""

    def __init__(self, source: Path, fingerprint: str, enabled: bool = True,
                 in_memory: bool = False, record_outputs: bool = False):
        """``enabled``: reuse and save renders; ``record_outputs``: without them, still keep
        what each build wrote to which folder (see :meth:`written`)."""
        self.enabled = enabled
        self.in_memory = enabled and in_memory  # for serve: one cache across many builds
        self.fingerprint = digest(engine_stamp(), fingerprint)
        # Under ``serve`` one cache lives across builds: results are also kept in memory.
        self.memory: dict[str, CachedRender] = {}
        self.memory_manifests: dict[str, dict[str, str]] = {}
        self.connection: sqlite3.Connection | None = None
        if enabled or record_outputs:
            folder = source / CACHE_DIR
            try:
                folder.mkdir(exist_ok=True)
                self.connection = sqlite3.connect(folder / DATABASE)
                self.connection.execute(
                    "CREATE TABLE IF NOT EXISTS renders (doc TEXT PRIMARY KEY, fingerprint TEXT,"
                    " signature TEXT, content BLOB, output BLOB, warnings TEXT, output_digest TEXT)")
                self.connection.execute(
                    "CREATE TABLE IF NOT EXISTS outputs (destination TEXT PRIMARY KEY,"
                    " fingerprint TEXT, manifest BLOB)")
                # The paths builds of this source wrote or are writing to each destination,
                # whatever the configuration: the files a build may replace there.
                self.connection.execute(
                    "CREATE TABLE IF NOT EXISTS claims (destination TEXT PRIMARY KEY, paths BLOB)")
            except (OSError, sqlite3.Error):
                self.connection = None  # a read-only source still builds, only slower
        self.pending: list[tuple] = []

    def retarget(self, fingerprint: str) -> None:
        """Start another build with the same cache; a new configuration voids memory."""
        fingerprint = digest(engine_stamp(), fingerprint)
        if fingerprint != self.fingerprint:
            self.fingerprint = fingerprint
            self.memory.clear()
            self.memory_manifests.clear()

    def lookup(self, doc: str) -> CachedRender | None:
        if doc in self.memory:
            return self.memory[doc]
        if self.connection is None or not self.enabled:
            return None
        row = self.connection.execute(
            "SELECT signature, content, output, warnings, output_digest FROM renders"
            " WHERE doc = ? AND fingerprint = ?", (doc, self.fingerprint)).fetchone()
        if row is None:
            return None
        cached = CachedRender(json.loads(row[0]), row[1], row[2], json.loads(row[3]), row[4])
        if self.in_memory:
            self.memory[doc] = cached
        return cached

    def store(self, doc: str, signatures: dict, content: str, output: str,
              warnings: list[str]) -> None:
        """Keep a render result (written to disk by :meth:`commit`)."""
        output_digest = digest(output.encode("utf-8"))
        if self.in_memory:
            self.memory[doc] = CachedRender(signatures, content, output, warnings, output_digest)
        if self.connection is not None and self.enabled:
            self.pending.append((doc, self.fingerprint, json.dumps(signatures, sort_keys=True),
                                 zlib.compress(content.encode("utf-8"), 1),
                                 zlib.compress(output.encode("utf-8"), 1), json.dumps(warnings),
                                 output_digest))
            if len(self.pending) >= 256:  # into the open transaction: memory stays flat
                self.flush()

    def flush(self) -> None:
        if self.connection is not None and self.pending:
            self.connection.executemany(
                "INSERT OR REPLACE INTO renders VALUES (?, ?, ?, ?, ?, ?, ?)", self.pending)
        self.pending = []

    def manifest(self, destination: Path) -> dict[str, str] | None:
        """What the last build wrote to ``destination``: path -> content digest."""
        if str(destination) in self.memory_manifests:
            return self.memory_manifests[str(destination)]
        if self.connection is None or not self.enabled:
            return None
        row = self.connection.execute(
            "SELECT manifest FROM outputs WHERE destination = ? AND fingerprint = ?",
            (str(destination), self.fingerprint)).fetchone()
        return json.loads(zlib.decompress(row[0])) if row else None

    def written(self, destination: Path) -> set[str] | None:
        """The files builds of this source wrote to ``destination`` (None: none did)."""
        if str(destination) in self.memory_manifests:
            return set(self.memory_manifests[str(destination)])
        return None if self.connection is None else read_claims(self.connection, destination)

    def claim(self, destination: Path, paths) -> None:
        """Before a build switches ``destination``: its new files are this source's too,
        so a build killed after the switch leaves no file the next build refuses."""
        if self.connection is not None:
            with self.connection:
                save_claims(self.connection, destination,
                            (read_claims(self.connection, destination) or set()) | set(paths))

    def commit(self, keep: set[str], destination: Path, manifest: dict[str, str]) -> None:
        """Save this build's renders and output manifest; forget deleted documents."""
        if self.in_memory:
            self.memory_manifests[str(destination)] = manifest
            for gone in self.memory.keys() - keep:
                del self.memory[gone]
        if self.connection is None:
            return
        with self.connection:
            self.connection.execute(
                "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                (str(destination), self.fingerprint,
                 zlib.compress(json.dumps(manifest).encode("utf-8"), 1)))
            save_claims(self.connection, destination, manifest)
            self.flush()
            if not self.enabled:
                return
            known = {row[0] for row in self.connection.execute("SELECT doc FROM renders")}
            gone = [(doc,) for doc in known - keep]
            self.connection.executemany("DELETE FROM renders WHERE doc = ?", gone)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def read_claims(connection: sqlite3.Connection, destination: Path) -> set[str] | None:
    row = connection.execute("SELECT paths FROM claims WHERE destination = ?",
                             (str(destination),)).fetchone()
    return set(json.loads(zlib.decompress(row[0]))) if row else None


def save_claims(connection: sqlite3.Connection, destination: Path, paths) -> None:
    connection.execute("INSERT OR REPLACE INTO claims VALUES (?, ?)", (
        str(destination), zlib.compress(json.dumps(sorted(paths)).encode("utf-8"), 1)))


def written_to(source: Path, destination: Path) -> set[str] | None:
    """:meth:`BuildCache.written` without opening a cache for a build (``clean``)."""
    path = source / CACHE_DIR / DATABASE
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            return read_claims(connection, destination)
    except sqlite3.Error:
        return None


def clean(source: Path) -> bool:
    """Remove the cache folder; True if there was one."""
    import shutil
    folder = source / CACHE_DIR
    if folder.is_dir():
        shutil.rmtree(folder)
        return True
    return False


class Signer:
    """Hashes of what a document may depend on, computed at most once per build."""

    def __init__(self, site):
        self.site = site
        self.memo: dict[str, str] = {}

    def signature(self, doc, files, listings) -> dict[str, str]:
        signature = {"self": self.document(doc)}
        for path in files:
            signature[f"file:{path}"] = self.value(f"file:{path}")
        for key in listings:
            signature[f"site:{key}"] = self.value(f"site:{key}")
        return signature

    def signatures(self, doc, result, reused_content: dict[str, str] | None = None) -> dict:
        """What to store with a render result: its full and its body-only signature."""
        content = reused_content if reused_content is not None else \
            self.signature(doc, result.content_files, result.content_listings)
        full = {**content, **self.signature(doc, result.files, result.listings)}
        return {"full": full, "content": content, "content_warnings": result.content_warnings,
                "content_cited": result.content_cited}

    def holds(self, doc, signature: dict[str, str]) -> bool:
        return all((self.document(doc) if key == "self" else self.value(key)) == value
                   for key, value in signature.items())

    def document(self, doc) -> str:
        key = f"doc:{doc.cache_key}"
        if key not in self.memo:
            text = doc.source_text or json.dumps(doc.data, sort_keys=True, default=str) + doc.raw_content
            self.memo[key] = digest(doc.relative_path, doc.url, text)
        return self.memo[key]

    def value(self, key: str) -> str:
        if key not in self.memo:
            kind, _, name = key.partition(":")
            self.memo[key] = self.file(name) if kind == "file" else self.listing(name)
        return self.memo[key]

    @staticmethod
    def file(path: str) -> str:
        try:
            return digest(Path(path).read_bytes())
        except OSError:
            return "missing"

    def listing(self, key: str) -> str:
        site = self.site
        if key in ("time",) or key in site.config and key not in site.collections:
            return "config"  # the configuration is in the fingerprint; time never voids
        if key == "data":
            return digest(json.dumps(site.data, sort_keys=True, default=str))
        if key == "static_files":
            return digest(*(f.relative_path for f in site.static_files))
        if key == "sass":
            from scholarsite.sass import load_paths
            files = sorted(p for root in load_paths(site) for p in Path(root).rglob("*") if p.is_file())
            return digest(*(f"{p}:{self.file(str(p))}" for p in files))
        if key.startswith("neighbours:"):  # page.next / page.previous of one document
            doc = site.document_at(key.split(":", 1)[1])
            return digest(*(f"{n.relative_path}:{self.document(n)}" if n else "-"
                            for n in ((doc.previous, doc.next) if doc else ())))
        if key in ("pages", "html_pages"):
            docs = site.pages
        elif key in site.collections:
            docs = site.collections[key].docs
        else:  # posts' categories and tags, documents, collections: everything
            docs = site.all_renderable()
        return digest(*(self.document(d) for d in docs))


class ParsedFrontMatter:
    """Front matter parsed by earlier builds, by the digest of the file's text.

    YAML parsing is most of the time a warm build spends reading; this skips it for
    files whose text did not change. Kept as one pickle in the cache folder.
    """

    FILE = "front-matter-v1.pickle"

    def __init__(self, source: Path, enabled: bool = True):
        self.path = source / CACHE_DIR / self.FILE if enabled else None
        self.entries: dict[str, tuple] = {}
        self.used: set[str] = set()
        self.changed = False
        if self.path is not None and self.path.is_file():
            try:
                self.entries = pickle.loads(self.path.read_bytes())
            except Exception:  # an unreadable cache is only a slower build
                self.entries = {}

    def split(self, text: str, rel: str, parse) -> tuple:
        key = digest(engine_stamp(), rel, text)
        self.used.add(key)
        if key not in self.entries:
            self.entries[key] = parse(text, rel)
            self.changed = True
        data, body, body_line = self.entries[key]
        return dict(data), body, body_line

    def save(self) -> None:
        if self.path is None or not (self.changed or self.used != self.entries.keys()):
            return
        kept = {key: self.entries[key] for key in self.used}
        try:
            self.path.parent.mkdir(exist_ok=True)
            temporary = self.path.with_suffix(".new")
            temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            temporary.replace(self.path)
        except OSError:
            pass
