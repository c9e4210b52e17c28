"""`--draws` / `--seed` for `som run` and `som compare` (issue 5)."""

from __future__ import annotations

import argparse

from som.bounds import MAX_SEED
from som.errors import InputError, Problem
from som.uncertainty.schema import MAX_DRAWS


def _int_in(low: int, high: int | None, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} skal være et heltal, fik {text!r}") from None
        if value < low or (high is not None and value > high):
            limit = f"mellem {low} og {high:,}".replace(",", ".") if high else f"mindst {low}"
            raise argparse.ArgumentTypeError(f"{what} skal være {limit}, fik {value}")
        return value

    return parse


def add_uncertainty_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--draws", type=_int_in(1, MAX_DRAWS, "antal trækninger"), metavar="N",
                        help="Monte Carlo-trækninger (standard: filens uncertainty.draws, ellers "
                             "10.000 når filen har en uncertainty-blok)")
    parser.add_argument("--seed", type=_int_in(0, MAX_SEED, "frøet"), metavar="S",
                        help="frø til tilfældige tal; samme frø giver samme tal (standard: 0)")


def wants_uncertainty(calc, args: argparse.Namespace) -> bool:
    """Simulate when --draws is given or the file has an uncertainty block."""
    if args.draws is not None or calc.uncertainty is not None:
        return True
    if args.seed is not None:
        raise InputError([Problem("--seed", "bruges kun sammen med --draws eller en "
                                            "uncertainty-blok i filen")])
    return False


def analysis_for(result, args: argparse.Namespace) -> dict | None:
    """som.analyse_uncertainty output for `som run`, or None when none is asked for."""
    if not wants_uncertainty(result.calculation, args):
        return None
    from som.uncertainty.analysis import analyse_result

    return analyse_result(result, args.draws, args.seed)
