"""Minimal `som` dispatcher for the kb branch (the lead's som/cli/__init__.py replaces it).

Same contract as the main dispatcher: each command module has `register(subparsers)` and sets
`handler(args) -> int` on its subcommands.
"""

from __future__ import annotations

import argparse
import sys

from som import __version__


def build_parser() -> argparse.ArgumentParser:
    from som.cli import kb

    parser = argparse.ArgumentParser(prog="som", description="SØM: socialøkonomiske beregninger.")
    parser.add_argument("--version", action="version", version=f"som {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    kb.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except BrokenPipeError:  # output piped into e.g. `head`
        return 0
    except Exception as exc:  # noqa: BLE001 - no traceback to users
        print(f"Intern fejl i som ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
