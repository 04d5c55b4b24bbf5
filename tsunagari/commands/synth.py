"""`tsunagari synth`: synthetic records at national scale, for benchmarks."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth", help="synthetic records drawn from the shipped data's distributions (for benchmarks)",
        description="Write canonical records (JSON Lines, valid for `tsunagari rebuild`) with N named "
                    "organisations and M partnership edges, shaped like the records file given by --like; "
                    "the same seed gives the same file.")
    p.add_argument("--orgs", type=int, required=True, help="distinct named organisations (N)")
    p.add_argument("--edges", type=int, required=True, help="partnership edges, one per partner role (M)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True, help="the JSON Lines file to write")
    p.add_argument("--like", type=Path, default=None,
                   help="the records file whose distributions to follow (default: data/records.jsonl)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tsunagari.synth import SHIPPED_RECORDS, profile_of, write_synthetic

    if args.orgs < 2 or args.edges < 1:
        print("tsunagari synth: --orgs must be at least 2 and --edges at least 1", file=sys.stderr)
        return 2
    started = time.perf_counter()
    profile = profile_of(args.like or SHIPPED_RECORDS)
    try:
        n, m = write_synthetic(args.out, args.orgs, args.edges, args.seed, profile)
    except RuntimeError as exc:
        print(f"tsunagari synth: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {n} records, {args.orgs} organisations, {m} partnership edges "
          f"(seed {args.seed}, {time.perf_counter() - started:.1f} s)")
    return 0
