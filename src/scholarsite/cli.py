"""The ``scholarsite`` command: parse arguments, call the pipeline, print one-line results."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import traceback
from pathlib import Path

from scholarsite import __version__
from scholarsite.errors import BuildError

STARTER_DIR = Path(__file__).parent / "starter"
GITIGNORE = """# What scholarsite writes: the built site, its cache, and the previous build it keeps
# beside the output to make the next one fast.
_site/
.scholarsite-cache/
._site.scholarsite-*/
"""


def config_list(value: str) -> list[Path]:
    return [Path(v.strip()) for v in value.split(",") if v.strip()]


def name_list(value: str) -> list[str]:
    return [v.strip().lower() for v in value.split(",") if v.strip()]


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true",
                        help="do not use the network (nothing is changed)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="give up on an answer after this long (default 20)")
    parser.add_argument("--retries", type=int, default=4,
                        help="tries again after a timeout, 429 or 5xx, waiting longer each "
                             "time and as long as Retry-After asks (default 4)")


def network_client(args: argparse.Namespace, config_mailto: str = ""):
    from scholarsite.scholarly.http import Client
    return Client(timeout=args.timeout, retries=max(0, args.retries), mailto=config_mailto)


def add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-s", "--source", type=Path, default=Path("."),
                        help="site folder to read (default: current folder)")
    parser.add_argument("-d", "--destination", type=Path, default=None,
                        help="output folder (default: the build's, SOURCE/_site)")
    parser.add_argument("--config", type=config_list, default=[], metavar="FILE[,FILE]",
                        help="configuration files, later ones win (default: _config.yml)")
    parser.add_argument("-D", "--drafts", action="store_true", help="render posts in _drafts")
    parser.add_argument("--future", action="store_true", help="publish posts dated in the future")
    parser.add_argument("--unpublished", action="store_true",
                        help="render documents marked published: false")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--no-cache", action="store_true",
                        help="render everything, ignoring .scholarsite-cache (it keeps only "
                             "what was written to a -d folder)")
    parser.add_argument("--replace-destination", action="store_true",
                        help="replace the destination folder even if no build of this site "
                             "wrote it (its files are deleted)")
    parser.add_argument("--profile", action="store_true",
                        help="print the slowest pages and templates after the build")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scholarsite",
        description="Build academic homepages from Jekyll-style sources, without Ruby.")
    parser.add_argument("--version", action="version", version=f"scholarsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into the destination folder",
                                description="Build the site (like `jekyll build`).",
                                epilog="With SOURCE_DATE_EPOCH set (seconds since 1970), "
                                       "site.time, 'now' and file times come from it, and two "
                                       "builds of the same source give the same bytes.")
    add_build_arguments(build)

    new = commands.add_parser("new", help="create a starter site",
                              description="Create a starter site that builds with no edits.")
    new.add_argument("directory", type=Path, help="folder to create (must be empty or absent)")
    new.add_argument("--force", action="store_true", help="write into a folder that is not empty")

    clean = commands.add_parser("clean", help="remove the output folder and the build cache",
                                description="Remove the destination and .scholarsite-cache.")
    clean.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    clean.add_argument("-d", "--destination", type=Path, default=None,
                       help="output folder (default: the build's, SOURCE/_site)")
    clean.add_argument("--replace-destination", action="store_true",
                       help="remove the destination even if no build of this site wrote it")

    check = commands.add_parser(
        "check", help="find mis-encoded text, or with --links broken links (exit 1 if any)",
        description="Report text in the site's sources that was decoded with the wrong "
                    "charset (e.g. 'ðŸ‘‹' for 👋); with --links, instead, every link and "
                    "image of the built pages that leads nowhere. Exit status 1 if any is "
                    "found. Nothing is written but the cache (and --fix-encoding's fixes).")
    check.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    check.add_argument("--config", type=config_list, default=[], metavar="FILE[,FILE]",
                       help="configuration files (default: _config.yml)")
    check.add_argument("--fix-encoding", action="store_true",
                       help="rewrite the mis-encoded lines in place (nothing else changes)")
    check.add_argument("--links", action="store_true",
                       help="check the site's internal links and local files instead")
    check.add_argument("--external", action="store_true",
                       help="with --links, also ask outside servers whether their links answer")
    check.add_argument("--timeout", type=float, default=10.0, metavar="S",
                       help="seconds for each outside server to answer (default 10)")
    check.add_argument("--deadline", type=float, default=120.0, metavar="S",
                       help="seconds for the whole outside check (default 120)")
    check.add_argument("--workers", type=int, default=8, metavar="N",
                       help="outside requests at a time (default 8; 2 per host)")

    citations = commands.add_parser(
        "citations", help="fetch citation counts into _data/citations.yml",
        description="Find every entry of the site's .bib files in open scholarly APIs (by "
                    "DOI, arXiv id, PMID, OpenAlex or INSPIRE id, else by title) and write "
                    "their citation counts to _data/citations.yml, which builds read.")
    citations.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    citations.add_argument("--sources", type=name_list, default=None,
                           metavar="NAME[,NAME]",
                           help="APIs to ask, in order of preference: openalex, "
                                "semanticscholar, crossref, inspire (default: openalex, or "
                                "citations.sources in _config.yml)")
    add_network_arguments(citations)

    external = commands.add_parser(
        "external-posts", help="fetch the posts of external_sources into "
                               "_data/external_posts.yml",
        description="Fetch the posts of al-folio's external_sources (RSS and Atom feeds, "
                    "and web pages listed under posts:) into _data/external_posts.yml, "
                    "which builds read. A source that fails keeps its earlier posts; the "
                    "exit status is 1 only when no source could be fetched.")
    external.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    add_network_arguments(external)

    importer = commands.add_parser(
        "import", help="add works from ORCID, DBLP, OpenAlex, Crossref or arXiv to a .bib file",
        description="Fetch works and add those the BibTeX file lacks (same DOI, arXiv id or "
                    "title), written in the file's own style; nothing else in it changes.")
    importer.add_argument("specs", nargs="+", metavar="SOURCE:ID",
                          help="orcid:0000-0002-1825-0097, dblp:PID, openalex:A123..., "
                               "doi:10.1145/..., arxiv:2401.00001")
    importer.add_argument("-s", "--source", type=Path, default=Path("."), help="site folder")
    importer.add_argument("--into", type=Path, default=None, metavar="FILE",
                          help="the .bib file to add to (default: _bibliography/papers.bib, "
                               "or scholar.bibliography)")
    importer.add_argument("--dry-run", action="store_true",
                          help="print the entries that would be added; change nothing")
    add_network_arguments(importer)

    serve = commands.add_parser("serve", help="build, serve and rebuild on change",
                                description="Build, serve over HTTP, watch and rebuild.")
    add_build_arguments(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("-P", "--port", type=int, default=4000, help="port (default 4000)")
    serve.add_argument("-o", "--open", action="store_true", help="open the site in a browser")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if args.command == "build":
            return run_build(args)
        if args.command == "new":
            return run_new(args)
        if args.command == "clean":
            return run_clean(args)
        if args.command == "check":
            from scholarsite.check import check, check_links
            if args.links:
                return check_links(args.source, args.config, args.external, args.timeout,
                                   args.deadline, args.workers)
            return check(args.source, args.config, fix=args.fix_encoding)
        if args.command == "citations":
            return run_citations(args)
        if args.command == "external-posts":
            from scholarsite.scholarly import external_posts
            return external_posts.run(args.source, args.offline, network_client(args))
        if args.command == "import":
            from scholarsite.scholarly import imports
            return imports.run(args.source, args.specs, args.into, args.dry_run, args.offline,
                               network_client(args))
        if args.command == "serve":
            from scholarsite.serve import serve
            return serve(args)
    except BuildError as err:
        print(f"{err}", file=sys.stderr)
        return 1
    except PermissionError as err:  # wherever it is read: name the file and what to do
        print(permission_message(err, getattr(args, "source", Path("."))), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("scholarsite: interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
    except Exception as err:  # a bug in scholarsite, not in the site: say so in one line
        if os.environ.get("SCHOLARSITE_DEBUG"):
            raise
        where = traceback.extract_tb(err.__traceback__)[-1]
        print(f"scholarsite: internal error: {type(err).__name__}: {err} "
              f"(at {Path(where.filename).name}:{where.lineno}; rerun with SCHOLARSITE_DEBUG=1 "
              "for details and report it)", file=sys.stderr)
        return 70
    return 2


def permission_message(err: PermissionError, source: Path) -> str:
    path = Path(err.filename) if err.filename else None
    if path is None:
        return f"scholarsite: permission denied: {err.strerror or err}"
    try:
        shown = path.resolve().relative_to(source.resolve()).as_posix()
        advice = ("make it readable (chmod u+r, or chmod u+rx for a folder), or list it in "
                  "exclude: in _config.yml")
    except (ValueError, OSError):
        shown, advice = str(path), "check that you may read and write there"
    return f"{shown}: permission denied ({advice})"


def build_options(args: argparse.Namespace):
    from scholarsite.options import BuildOptions
    if not args.source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", args.source)
    return BuildOptions(source=args.source, destination=args.destination,
                        config_files=[Path(p) for p in args.config], drafts=args.drafts,
                        future=args.future, unpublished=args.unpublished, strict=args.strict,
                        use_cache=not args.no_cache, profile=args.profile,
                        replace_destination=args.replace_destination,
                        progress=not args.quiet and sys.stderr.isatty())


def run_build(args: argparse.Namespace) -> int:
    from scholarsite.errors import Reporter
    from scholarsite.uptodate import unchanged
    options, reporter = build_options(args), Reporter()
    result = unchanged(options, reporter)  # without importing the pipeline
    if result is None:
        from scholarsite.build import build
        result = build(options, reporter, may_skip=False)
    if args.profile:
        print(result.profile.report())
    if not args.quiet:
        warnings = result.warnings
        print(f"scholarsite: wrote {result.pages_written} pages and {result.files_copied} files "
              f"to {result.destination} in {result.seconds:.2f}s"
              + (f" ({warnings} warning{'s' if warnings != 1 else ''})" if warnings else ""))
    return 0


def run_citations(args: argparse.Namespace) -> int:
    from scholarsite.config import load_config
    from scholarsite.scholarly import citations
    if not args.source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", args.source)
    mailto = citations.settings(load_config(args.source.resolve()))["mailto"]
    return citations.run(args.source, args.sources, args.offline,
                         network_client(args, mailto))


def run_clean(args: argparse.Namespace) -> int:
    from scholarsite.cache import clean, written_to
    from scholarsite.config import load_config
    from scholarsite.write import check_destination, recover
    if not args.source.is_dir():
        raise BuildError("source folder not found (pass the site folder with -s)", args.source)
    # The folder a build writes to: -d, else `destination:` in _config.yml, else _site.
    destination = args.destination or args.source / str(
        load_config(args.source.resolve()).get("destination") or "_site")
    # The same refusals as a build: never remove the source, home, / or someone's folder.
    config = load_config(args.source.resolve())
    check_destination(args.source.resolve(), destination.resolve(),
                      config.get("keep_files") or [],
                      written_to(args.source.resolve(), destination.resolve()),
                      args.replace_destination)
    recover(destination.resolve(), spare=True)  # the spare and what killed builds left go too
    removed = [str(destination)] if destination.is_dir() else []
    if removed:
        shutil.rmtree(destination)
    if clean(args.source):
        removed.append(str(args.source / ".scholarsite-cache"))
    print("scholarsite: removed " + (", ".join(removed) if removed else "nothing"))
    return 0


def run_new(args: argparse.Namespace) -> int:
    target: Path = args.directory
    if target.exists() and any(target.iterdir()) and not args.force:
        raise BuildError("folder is not empty (choose a new folder, or pass --force)", target)
    shutil.copytree(STARTER_DIR, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    ignore = target / ".gitignore"
    if not ignore.exists():  # written here: a wheel's package data leaves out dotfiles
        ignore.write_text(GITIGNORE, encoding="utf-8")
    print(f"scholarsite: created a new site in {target}\n"
          f"  build it:   scholarsite build -s {target}\n"
          f"  preview it: scholarsite serve -s {target}")
    return 0
