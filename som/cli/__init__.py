"""`som` command line: parses arguments and delegates; messages to users are Danish.

Each command module exposes `register(subparsers)`, which adds its subcommands and sets
`handler(args) -> int` on them. `main` turns every InputError into one Danish message and an
exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from som import __version__

# Subcommand -> the module that registers it. Only the module of the command being run is
# imported, so `som run` does not pay for the store, Excel or the knowledge-base tools
# (tests/test_cli.py checks that this map names every subcommand).
COMMANDS = {
    "run": "som.cli.run",
    "validate": "som.cli.run",
    "selftest": "som.cli.run",
    "batch": "som.cli.batch",
    "kb": "som.cli.kb",
    "export": "som.cli.excel",
    "import": "som.cli.excel",
    "template": "som.cli.excel",
    "compare": "som.cli.compare",
    "store": "som.cli.store",
}

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse with Danish error lines."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"som: fejl i kommandoen: {message}\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands of `argv`'s command only (all of them for help, for an
    unknown command, or when `argv` is None)."""
    parser = _Parser(prog="som", description="SØM: socialøkonomiske investeringsberegninger.")
    parser.add_argument("--version", action="version", version=f"som {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)
    command = next((a for a in argv or () if not a.startswith("-")), None)
    modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def fail(message: str, code: int = EXIT_INPUT) -> int:
    """Print one Danish error message to stderr and return the exit code."""
    print(message, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # answered before any command module or pydantic is imported
        print(f"som {__version__}")
        return EXIT_OK
    # pydantic looks for plugins through importlib.metadata when the first model is built; the
    # command line uses none, and skipping the scan saves a noticeable part of its start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from som.errors import InputError

    parser = build_parser(argv)
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
