"""Command line: argument parsing, exit codes and one-line errors.

Textual is imported only on the paths that open a screen, so ``dump``/``search`` stay quick
and a bad path is reported before any screen appears.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse

    from tui_paper.session import Listing

EXIT_OK = 0
EXIT_USAGE = 2

SUBCOMMANDS = ("dump", "screenshot", "search", "facets", "paths", "index")


class CliError(Exception):
    """A failure reported to the user as one line on stderr with exit status 2."""


def _parser(**kwargs: Any) -> argparse.ArgumentParser:
    """An argument parser whose errors are one line (argparse is imported on first use)."""
    import argparse

    class OneLineParser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            # argparse prints usage plus the message; one line is what the contract asks for.
            raise CliError(message)

    return OneLineParser(**kwargs)


def _load(path_arg: str, *, cached: bool = False) -> Any:
    """The issue at ``path_arg``; ``cached`` puts the parsed-issue cache in front (app start)."""
    try:
        if cached:
            from tui_paper.issue_cache import load_issue_cached

            return load_issue_cached(Path(path_arg))
        from tui_paper.reader import load_issue

        return load_issue(Path(path_arg))
    except Exception as exc:
        # imported here: a cache hit must not pay for importing the reader
        from tui_paper.reader import ReaderError

        if isinstance(exc, ReaderError):
            raise CliError(str(exc)) from None
        raise


def _emit_json(obj: Any) -> None:
    from tui_paper import jsonout  # not on the path that opens the app

    sys.stdout.write(jsonout.dumps(obj))
    sys.stdout.write("\n")


def _cmd_dump(args: argparse.Namespace) -> int:
    from tui_paper.model import issue_to_dict

    _emit_json(issue_to_dict(_load(args.path)))
    return EXIT_OK


def _cmd_paths(args: argparse.Namespace) -> int:
    from tui_paper import paths
    from tui_paper.config import config_path
    from tui_paper.state import default_db_path

    dirs = paths.user_dirs()
    rows = {
        "config": dirs.config,
        "data": dirs.data,
        "cache": dirs.cache,
        "settings": config_path(),
        "state": default_db_path(),
        "index": dirs.cache / "index",
        "styles": paths.styles_dir(),
        "samples": paths.samples_dir(),
    }
    if args.json:
        _emit_json({k: str(v) for k, v in rows.items()})
    else:
        for key, value in rows.items():
            print(f"{key:8} {value}")
    return EXIT_OK


def _library_dir(path_arg: str) -> Path | None:
    """The folder when ``path_arg`` is a library (a folder of issues), else ``None``."""
    from tui_paper.library import is_library

    path = Path(path_arg)
    return path if is_library(path) else None


def _open_index(root: Path) -> Any:
    from tui_paper.archive_index import ArchiveIndex, ArchiveIndexError

    try:
        return ArchiveIndex.open(root)
    except ArchiveIndexError as exc:
        raise CliError(str(exc)) from None


def _refresh_index(index: Any, *, verbose: bool, jobs: int = 1) -> Any:
    """Bring the index up to date, reporting each issue (re)indexed on stderr."""
    from tui_paper.archive_index import IndexProgress

    def report(p: IndexProgress) -> None:
        if p.indexed or verbose:
            what = "indexed" if p.indexed else "up to date"
            print(f"[{p.done}/{p.total}] {what}: {p.issue.label}", file=sys.stderr, flush=True)

    try:
        result = index.update(progress=report, workers=jobs)
    except OSError as exc:
        raise CliError(f"cannot read {index.root}: {exc.strerror or exc}") from None
    for warning in result.warnings:
        print(f"tui-paper: {warning}", file=sys.stderr)
    return result


def _cmd_index(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.is_dir():
        raise CliError(f"{args.path}: not a folder of issues")
    index = _open_index(root)
    if args.jobs < 1:
        raise CliError(f"--jobs must be 1 or more, not {args.jobs}")
    result = _refresh_index(index, verbose=args.verbose, jobs=args.jobs)
    stats = index.stats()
    summary = {
        "issues": result.issues,
        "indexed": result.indexed,
        "removed": result.removed,
        "articles": stats["documents"],
        "seconds": round(result.seconds, 2),
        "bytes": stats["bytes"],
        "index": str(index.db_path),
        "warnings": list(result.warnings),
    }
    if args.json:
        _emit_json(summary)
    else:
        print(
            f"{result.issues} issues ({stats['documents']} articles) in the index; "
            f"{result.indexed} (re)indexed, {result.removed} dropped in {result.seconds:.1f} s; "
            f"{stats['bytes'] / 1e6:.1f} MB at {index.db_path}"
        )
    return EXIT_OK


def _cmd_search_library(args: argparse.Namespace, root: Path) -> int:
    index = _open_index(root)
    _refresh_index(index, verbose=False)
    hits = index.search(args.query, limit=args.limit)
    if args.json:
        _emit_json([h.to_dict() for h in hits])
    else:
        for h in hits:
            date = h.date.isoformat() if h.date else "?"
            print(f"{date}  {h.page:>3}  {h.score:6.2f}  {h.title}  [{h.issue_key} {h.id}]")
            if h.snippet:
                print(f"       {h.snippet}")
    return EXIT_OK


def _cmd_search(args: argparse.Namespace) -> int:
    root = _library_dir(args.path)
    if root is not None:
        return _cmd_search_library(args, root)
    from tui_paper.search import search_issue

    issue = _load(args.path)
    hits = search_issue(issue, args.query, limit=args.limit)
    if args.json:
        _emit_json([h.to_dict() for h in hits])
    else:
        for h in hits:
            print(f"{h.page:>3}  {h.score:6.2f}  {h.title}  [{h.id}]")
            if h.snippet:
                print(f"       {h.snippet}")
    return EXIT_OK


def _cmd_facets(args: argparse.Namespace) -> int:
    from tui_paper.search import compute_facets

    facets = compute_facets(_load(args.path))
    data = facets.to_dict()
    if args.json:
        _emit_json(data)
    else:
        for group, rows in data.items():
            print(group)
            for row in rows[: args.limit]:
                print(f"  {row['name']}  {row['count']}")
    return EXIT_OK


def _parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x", 1))
    except ValueError:
        raise CliError(f"--size must look like 100x30, not {text!r}") from None
    if w < 10 or h < 4:
        raise CliError(f"--size {text} is too small (at least 10x4)")
    return w, h


def _default_path(path_arg: str | None) -> str:
    from tui_paper import paths

    return path_arg if path_arg is not None else str(paths.default_issue_path())


def _cmd_screenshot(args: argparse.Namespace) -> int:
    issue = _load(_default_path(args.path))
    size = _parse_size(args.size)
    if args.page is not None and issue.page(args.page) is None:
        raise CliError(f"page {args.page} is not in this issue")
    if args.article is not None and issue.article(args.article) is None:
        raise CliError(f"no article with id {args.article!r} in this issue")
    from tui_paper.app import save_screenshot

    out = Path(args.output)
    try:
        save_screenshot(issue, out, size=size, page=args.page, article=args.article)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    return EXIT_OK


def _library_to_open(path_arg: str | None) -> tuple[Path, Listing | None] | None:
    """The folder to open in the library picker and its listing remembered from the last
    run (``None`` when there is none), or ``None`` to read one issue.

    With no PATH, the config file's ``default_library`` (when set). A folder listed as a
    library on an earlier run opens at once; otherwise :func:`tui_paper.library.is_library`
    decides (from names, mostly).
    """
    if path_arg is None:
        from tui_paper.config import load_config

        config, _ = load_config()  # a bad config is reported inside the app
        root = config.default_library
        if root is None:
            return None
        if not root.is_dir():
            raise CliError(f"default_library {root}: not a folder")
    else:
        root = Path(path_arg)
        if not root.is_dir():
            return None
    from tui_paper.session import load_listing

    remembered = load_listing(root)
    if remembered is None and path_arg is not None and _library_dir(path_arg) is None:
        return None
    return root, remembered


def _cmd_open(args: argparse.Namespace) -> int:
    found = _library_to_open(args.path)
    if found is not None:
        root, remembered = found
        from tui_paper.session import EarlyListing

        # nothing remembered: list the folder while the interface is imported
        early = None if remembered is not None else EarlyListing(root)
        from tui_paper.library_app import run_library

        run_library(root, remembered=remembered, early_listing=early)
        return EXIT_OK
    issue = _load(_default_path(args.path), cached=True)
    from tui_paper.app import run_app

    run_app(issue)
    return EXIT_OK


def _sub_parser(name: str) -> argparse.ArgumentParser:
    prog = f"tui-paper {name}"
    if name == "dump":
        p = _parser(prog=prog, description="Print the parsed issue as JSON.")
        p.add_argument("path")
        p.set_defaults(func=_cmd_dump)
    elif name == "paths":
        p = _parser(prog=prog, description="Print the directories tui-paper uses.")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=_cmd_paths)
    elif name == "index":
        p = _parser(
            prog=prog,
            description="Build or refresh the search index of a folder of issues "
            "(progress on stderr).",
        )
        p.add_argument("path")
        p.add_argument("--json", action="store_true")
        p.add_argument("--verbose", action="store_true", help="report unchanged issues too")
        p.add_argument(
            "--jobs", type=int, default=1, help="processes cutting words (default 1: this one)"
        )
        p.set_defaults(func=_cmd_index)
    elif name == "search":
        p = _parser(
            prog=prog,
            description="Search an issue, or every issue of a folder of issues through its "
            "index (refreshed first); best hits first.",
        )
        p.add_argument("path")
        p.add_argument("query")
        p.add_argument("--json", action="store_true")
        p.add_argument("--limit", type=int, default=50)
        p.set_defaults(func=_cmd_search)
    elif name == "facets":
        p = _parser(prog=prog, description="People, places and organisations named in an issue.")
        p.add_argument("path")
        p.add_argument("--json", action="store_true")
        p.add_argument("--limit", type=int, default=20)
        p.set_defaults(func=_cmd_facets)
    elif name == "screenshot":
        p = _parser(prog=prog, description="Render a screen headlessly to an SVG file.")
        p.add_argument("path", nargs="?", help="defaults to the built-in sample issue")
        p.add_argument("--page", type=int)
        p.add_argument("--article")
        p.add_argument("--size", default="100x30")
        p.add_argument("-o", "--output", required=True)
        p.set_defaults(func=_cmd_screenshot)
    else:  # pragma: no cover - SUBCOMMANDS and this chain are kept in step
        raise CliError(f"unknown command {name}")
    return p


def _open_parser() -> argparse.ArgumentParser:
    p = _parser(
        prog="tui-paper",
        description=(
            "Read a Chinese newspaper issue in the terminal. With no PATH, opens the built-in "
            "sample issue. Other commands: " + ", ".join(SUBCOMMANDS) + "."
        ),
    )
    p.add_argument(
        "path",
        nargs="?",
        help="a page file, a folder of pages, a multi-page file, or a folder of issues "
        "(a library: opens the issue picker)",
    )
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.set_defaults(func=_cmd_open)
    return p


def _looks_like_option_or_command(arg: str) -> bool:
    return arg.startswith("-") or arg in SUBCOMMANDS


def _plain_open_args(path: str | None) -> Any:
    """What ``_open_parser().parse_args`` gives for a lone optional PATH."""
    from types import SimpleNamespace

    return SimpleNamespace(path=path, version=False, func=_cmd_open)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tui-paper`` console script; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if len(args_list) <= 1 and not (args_list and _looks_like_option_or_command(args_list[0])):
            # the everyday start, `tui-paper` or `tui-paper PATH`: argparse (and the gettext
            # it loads) would only cost start-up time to find the same single path
            from tui_paper import gc_pause

            gc_pause.pause()  # ended after the first frame, or below when no screen opens
            try:
                return int(_cmd_open(_plain_open_args(args_list[0] if args_list else None)))
            finally:
                gc_pause.resume()
        if args_list and args_list[0] in SUBCOMMANDS:
            parser = _sub_parser(args_list[0])
            args = parser.parse_args(args_list[1:])
        else:
            args = _open_parser().parse_args(args_list)
            if args.version:
                from tui_paper import __version__

                print(f"tui-paper {__version__}")
                return EXIT_OK
        return int(args.func(args))
    except CliError as exc:
        print(f"tui-paper: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader of our output (``| head``) went away: not an error worth a traceback
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
