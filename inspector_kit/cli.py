"""The ``inspector-kit`` command line.

Each subcommand lives in ``inspector_kit/commands/<name>.py`` with a ``register(subparsers)`` function
that adds its parser and sets ``func``. Errors the toolkit raises on purpose are printed as one line
naming the file (exit code 2); nothing reaches the user as a traceback unless ``--debug`` is given.
Output piped into a reader that stops early (``inspector-kit analyse --jsonl c.jsonl | head``) ends
quietly with status 141, as a Unix tool killed by SIGPIPE does, instead of a BrokenPipeError.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from inspector_kit.errors import InspectorKitError

COMMANDS = ("bundle", "analyse", "destinations", "brief", "thematic", "review", "dashboard")
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a tool ended by SIGPIPE


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one subcommand per module in ``inspector_kit.commands`` (each imports its heavy
    libraries only when it runs, so ``--help`` stays fast)."""
    parser = argparse.ArgumentParser(
        prog="inspector-kit",
        description="Evidence toolkit for inspecting careers guidance: destination data, careers plans "
        "and pupils' voice, side by side.",
    )
    parser.add_argument("--debug", action="store_true", help="show full tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"inspector_kit.commands.{name}")
        except ModuleNotFoundError as exc:  # a command whose module is not written yet
            if exc.name == f"inspector_kit.commands.{name}":
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; an error the toolkit raises on purpose prints as one line with exit status 2
    (``--debug`` shows the traceback)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe must show here, not in the interpreter's exit flush
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except InspectorKitError as exc:
        if args.debug:
            raise
        print(f"inspector-kit: error [{exc.code}]: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's own flush at exit cannot fail again
    (the Python documentation's recipe for SIGPIPE); in-process callers' captured streams are left alone."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
