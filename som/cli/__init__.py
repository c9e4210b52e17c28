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
    "effekt": "som.cli.effect",
    "notat": "som.cli.memo",
}

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


# argparse's own messages, looked up through its module-level gettext `_` (issue 15: messages
# Danish throughout). Help texts are ours already; these are the parser's errors and headings.
_ARGPARSE_DANISH = {
    "usage: ": "brug: ",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "argumentet tager ingen værdi (fik %r)",
    "expected one argument": "forventede én værdi",
    "expected at most one argument": "forventede højst én værdi",
    "expected at least one argument": "forventede mindst én værdi",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "show program's version number and exit": "vis versionen og afslut",
}
# Plural messages go through argparse's `ngettext` (singular and plural keyed alike).
_ARGPARSE_PLURAL = {"expected %s argument": ("forventede %s værdi", "forventede %s værdier")}
argparse._ = lambda text: _ARGPARSE_DANISH.get(text, text)  # type: ignore[attr-defined]
argparse.ngettext = lambda singular, plural, n: (  # type: ignore[attr-defined]
    _ARGPARSE_PLURAL[singular][n != 1] if singular in _ARGPARSE_PLURAL
    else singular if n == 1 else plural)
VERSION_HELP = _ARGPARSE_DANISH["show program's version number and exit"]


class _Parser(argparse.ArgumentParser):
    """argparse with Danish error lines."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"som: fejl i kommandoen: {message}\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the subcommands of `argv`'s command only (all of them for help, for an
    unknown command, or when `argv` is None)."""
    parser = _Parser(prog="som", description="SØM: socialøkonomiske investeringsberegninger.")
    # Python 3.11's version action fixes its English help when argparse is defined: say it here.
    parser.add_argument("--version", action="version", version=f"som {__version__}",
                        help=VERSION_HELP)
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
    except OSError as exc:  # a path the user gave: missing folder, full disk, no permission
        from som.io.parse_messages import os_error_text

        return fail(f"Fejl: {os_error_text(exc)}")
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback to users
        if type(exc).__name__ == "FileCreateError" and exc.args and isinstance(exc.args[0],
                                                                                OSError):
            from som.io.parse_messages import os_error_text  # xlsxwriter wraps the OSError

            return fail(f"Fejl: {os_error_text(exc.args[0])}")
        if type(exc).__module__ == "sqlite3":  # the library file: read-only, full disk, locked
            from som.store.db import danish_sqlite_error

            return fail(f"Fejl: biblioteket: {danish_sqlite_error(exc)}")
        return fail(f"Intern fejl i som ({type(exc).__name__}: {exc}). Meld den gerne som en fejl.",
                    EXIT_INTERNAL)


if __name__ == "__main__":
    sys.exit(main())
