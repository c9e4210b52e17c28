"""Options and helpers shared by several commands."""

from __future__ import annotations

import argparse

import som
from som.api import BUNDLED

PROGRESS_FROM = 50  # files or versions; fewer finish before a progress bar would be useful


def add_kb_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kb", metavar="STI", help="vidensbase (mappe); standard: den medfølgende")
    parser.add_argument("--no-kb", action="store_true",
                        help="regn uden vidensbase (filen skal have alle priser selv)")
    parser.add_argument("--kb-overlay", metavar="MAPPE", action="append", default=[],
                        help="kommunens egne priser/profiler lagt over vidensbasen (kan gentages)")


def kb_options(args: argparse.Namespace) -> dict:
    """Keyword arguments for som.calculate/som.check from --kb / --no-kb / --kb-overlay."""
    if getattr(args, "no_kb", False):
        return {"kb": None}
    return {"kb": args.kb or BUNDLED, "overlays": tuple(args.kb_overlay)}


def run_file(path: str, args: argparse.Namespace):
    """Load and calculate one file with the command's knowledge-base options."""
    return som.api.calculate_file(path, **kb_options(args))


def preload_kb(kb_kwargs: dict) -> dict:
    """Load the knowledge base once before forking, and fail early if it is broken."""
    if kb_kwargs.get("kb") is not None:
        kb = kb_kwargs["kb"]
        som.load_knowledge_base(None if kb is BUNDLED else kb, kb_kwargs.get("overlays", ()))
    return kb_kwargs
