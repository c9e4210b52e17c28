"""`som` command line: parses arguments and delegates; messages to users are Danish.

Each command module exposes `register(subparsers)`, which adds its subcommands and sets
`handler(args) -> int` on them. `main` turns every InputError into one Danish message and an
exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from som import __version__
from som.errors import InputError

COMMAND_MODULES = (
    "som.cli.run",
    "som.cli.batch",
    "som.cli.kb",
    "som.cli.excel",
    "som.cli.compare",
    "som.cli.store",
    "som.cli.effect",
    "som.cli.memo",
)

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse with Danish error lines."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"som: fejl i kommandoen: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="som", description="SØM: socialøkonomiske investeringsberegninger.")
    parser.add_argument("--version", action="version", version=f"som {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def fail(message: str, code: int = EXIT_INPUT) -> int:
    """Print one Danish error message to stderr and return the exit code."""
    print(message, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except InputError as exc:
        return fail(f"Fejl: {exc.render()}")
    except KeyboardInterrupt:
        return fail("Afbrudt.", 130)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback to users
        return fail(f"Intern fejl i som ({type(exc).__name__}: {exc}). Meld den gerne som en fejl.",
                    EXIT_INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
