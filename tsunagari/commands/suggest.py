"""`tsunagari suggest ORG|--need ROLE` and `tsunagari evaluate suggestions`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Any

from tsunagari.core.vocabulary import ASKABLE_ROLES, role_label
from tsunagari.graph import open_store


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="possible partners, with reasons and evidence",
                       description="Rank organisations that could work with ORG (an id or a name), "
                                   "or that could fill a NEED in an area.")
    p.add_argument("org", nargs="?", help="organisation id or name")
    p.add_argument("--role", choices=sorted(ASKABLE_ROLES), help="the role wanted from the partner")
    p.add_argument("--need", choices=sorted(ASKABLE_ROLES), help="a role wanted, without an organisation")
    p.add_argument("--area", help="JIS X 0402 municipality code or 2-digit prefecture code")
    p.add_argument("--k", type=int, default=10, help="how many suggestions (default 10)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)

    p = sub.add_parser("evaluate", help="measure the suggester against baselines, and check its "
                                        "answers against the rules a person would apply")
    p.add_argument("what", choices=["suggestions"])
    p.add_argument("--holdout", type=float, default=0.2, help="share of memberships hidden")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--no-rules", action="store_true",
                   help="skip the rule report (every role x every municipality with data)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_evaluate)


def run(args: argparse.Namespace) -> int:
    from tsunagari.suggest import (
        OrganisationNotFound,
        SuggestError,
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
        print(json.dumps(dataclasses.asdict(result), ensure_ascii=False, indent=2))
    else:
        print(as_text(result))
    return 0


def _lines(s: Any, i: int | str) -> list[str]:
    where = ""
    if s.area:
        where = f"  {s.area['name']}" + (f" 約{s.distance_km:.0f}km" if s.distance_km else "")
    out = [f"{i:>2}. {s.name}  [{s.id}]  スコア {s.score:.2f}{where}"]
    if s.also:
        out.append("      同じ団体: " + "、".join(o["name"] for o in s.also))
    for r in s.reasons:
        cites = "；".join(e.text for e in r.evidence)
        out.append(f"      - {r.text}" + (f"  〔出典: {cites}〕" if cites else ""))
    return out


def as_text(result: Any) -> str:
    """The human form printed by `tsunagari suggest`."""
    head = []
    if result.organisation:
        head.append(f"{result.organisation['name']} ({result.organisation['id']}) への連携候補")
    if result.need:
        head.append(f"役割: {role_label(result.need)}")
    if result.area:
        head.append(f"地域: {result.area['name']} ({result.area['code']})")
    lines = [" / ".join(head) or "連携候補"]
    for c in result.complementary:
        lines.append(f"■ {c.text}")
        for i, s in enumerate(c.suggestions, 1):
            lines += _lines(s, i)
    if result.complementary:
        lines.append("■ 似た団体とつながる団体")
    if result.message:
        lines.append(f"  {result.message}")
    elif not result.suggestions:
        lines.append("  候補なし")
    for i, s in enumerate(result.suggestions, 1):
        lines += _lines(s, i)
    if result.farther:
        lines.append("■ 範囲外の候補（近い順）")
        for s in result.farther:
            lines += _lines(s, "-")
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    from tsunagari.evaluate import METHODS, evaluate
    from tsunagari.suggest.rules import RULES, rule_report

    store = open_store(args.store, read_only=True)
    try:
        report = evaluate(store, holdout=args.holdout, seeds=args.seeds)
        rules = None if args.no_rules else rule_report(store).as_dict()
    finally:
        store.close()
    if args.json:
        print(json.dumps({**report, "rules": rules}, ensure_ascii=False, indent=2))
        return 0
    if rules is not None:
        print(f"rule report: {rules['questions']} questions (every askable role x every municipality "
              f"with data, and every organisation), {rules['suggestions']} suggestions; goal 0")
        words = {"generic": "generic (not an organisation)", "already_partner": "already a partner",
                 "beyond_reach": "beyond the role's reach", "no_evidence": "no evidence of the role"}
        for rule in RULES:
            print(f"  {words[rule]:32s} {rules['share'][rule]:7.2%}  ({rules['count'][rule]})")
            for example in rules["examples"][rule][:3]:
                print(f"      e.g. {example}")
        empty = rules["empty"]
        print(f"  {'empty though some within reach':32s} {empty['share']:7.2%}  ({empty['count']} "
              f"of {empty['questions']} role x area questions)")
        for example in empty["examples"][:3]:
            print(f"      e.g. {example}")
    print(f"holdout {report['holdout']}, {report['seeds']} seeds, "
          f"questions per seed {report['questions_per_seed']}")
    print(f"{'method':20s} {'hit@10':>14s} {'MRR':>14s}")
    for m in METHODS:
        print(f"{m:20s} {report['hit@10'][m]:7.3f} ±{report['spread']['hit@10'][m]:.3f} "
              f"{report['mrr'][m]:7.3f} ±{report['spread']['mrr'][m]:.3f}")
    return 0
