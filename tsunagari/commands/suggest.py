"""`tsunagari suggest ORG|--need ROLE` and `tsunagari evaluate suggestions`."""

from __future__ import annotations

import argparse
import json
import sys

from tsunagari.core.vocabulary import ROLE_CODES
from tsunagari.graph import open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="possible partners, with reasons and evidence",
                       description="Rank organisations that could work with ORG (an id or a name), "
                                   "or that could fill a NEED in an area.")
    p.add_argument("org", nargs="?", help="organisation id or name")
    p.add_argument("--role", choices=sorted(ROLE_CODES), help="the role wanted from the partner")
    p.add_argument("--need", choices=sorted(ROLE_CODES), help="a role wanted, without an organisation")
    p.add_argument("--area", help="JIS X 0402 municipality code or 2-digit prefecture code")
    p.add_argument("--k", type=int, default=10, help="how many suggestions (default 10)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)

    p = sub.add_parser("evaluate", help="measure the suggester against baselines")
    p.add_argument("what", choices=["suggestions"])
    p.add_argument("--holdout", type=float, default=0.2, help="share of memberships hidden")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evaluate)


def run(args: argparse.Namespace) -> int:
    from tsunagari.suggest import (
        OrganisationNotFound,
        SuggestError,
        as_text,
        suggest_for_need,
        suggest_for_organisation,
    )

    if bool(args.org) == bool(args.need):
        print("tsunagari suggest: give an organisation, or --need ROLE (with --area CODE)",
              file=sys.stderr)
        return 2
    store = open_store(args.store, read_only=True)
    try:
        if args.org:
            result = suggest_for_organisation(store, args.org, role=args.role, area=args.area, k=args.k)
        else:
            result = suggest_for_need(store, args.need, area=args.area, k=args.k)
    except OrganisationNotFound as exc:
        print(exc.describe(), file=sys.stderr)
        return 1
    except SuggestError as exc:
        print(f"tsunagari suggest: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))
    else:
        print(as_text(result))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from tsunagari.evaluate import METHODS, evaluate

    store = open_store(args.store, read_only=True)
    try:
        report = evaluate(store, holdout=args.holdout, seeds=args.seeds)
    finally:
        store.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"holdout {report['holdout']}, {report['seeds']} seeds, "
          f"questions per seed {report['questions_per_seed']}")
    print(f"{'method':20s} {'hit@10':>14s} {'MRR':>14s}")
    for m in METHODS:
        print(f"{m:20s} {report['hit@10'][m]:7.3f} ±{report['spread']['hit@10'][m]:.3f} "
              f"{report['mrr'][m]:7.3f} ±{report['spread']['mrr'][m]:.3f}")
    return 0
