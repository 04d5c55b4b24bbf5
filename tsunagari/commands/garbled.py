"""`tsunagari garbled`: what the broken fonts of seed 001 hid, and what was read back.

``--report`` lists every garbled name of a records file: the ones recovered
(raw text, reading, confidence, line) and the ones that could not be, with why.
``--learn SEEDS`` re-learns the kanji table from the seed documents into
``loaders/garbled_map.json``, keeping its reviewed entries and drop repairs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tsunagari.loaders import garbled
from tsunagari.loaders.parsing import SEED_FORMATS
from tsunagari.loaders.records import read_records

DEFAULT_RECORDS = Path("data/records.jsonl")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("garbled", help="report names recovered from garbled text (seed 001)",
                       description="List the garbled names of the records: what was recovered "
                                   "and what could not be, and why; or re-learn the kanji table.")
    p.add_argument("--report", action="store_true", help="list recovered and unrecovered names")
    p.add_argument("--records", type=Path, default=DEFAULT_RECORDS,
                   help=f"records file to report on (default {DEFAULT_RECORDS})")
    p.add_argument("--learn", type=Path, metavar="SEEDS",
                   help="re-learn the kanji table from the seed folder into loaders/garbled_map.json")
    p.set_defaults(func=run)


def report(records_path: Path) -> list[str]:
    result = read_records([records_path])
    recovered: list[str] = []
    unread: list[str] = []
    for rec in result.records:
        for p in rec.partners:
            if p.quality != "garbled":
                continue
            where = f"{rec.source.document}:{p.line}"
            if p.recovered_name:
                recovered.append(f"  {where}\t{p.name}\t→ {p.recovered_name}\t({p.confidence})")
            else:
                d = garbled.decode(p.name)
                if d.unread:
                    why = "no reading for " + "".join(d.unread)
                else:
                    why = "a character seems dropped (the font loses some without a trace)"
                unread.append(f"  {where}\t{p.name}\t{why}")
    total = len(recovered) + len(unread)
    return [f"garbled partner names: {total}, recovered {len(recovered)}, not recovered {len(unread)}",
            "recovered (raw → reading, confidence):", *recovered,
            "not recovered (raw, why):", *unread]


def learn(seeds: Path) -> int:
    texts = {name: (seeds / name).read_text(encoding="utf-8") for name in SEED_FORMATS}
    broken_doc = next(n for n, f in SEED_FORMATS.items() if f == "model_projects")
    lines = texts[broken_doc].splitlines()
    bad = [s for s in lines if garbled.broken_font(s)]
    clean = [t for n, t in texts.items() if n != broken_doc]
    clean.append("\n".join(s for s in lines if not garbled.broken_font(s)))
    data = json.loads(garbled.MAP_PATH.read_text(encoding="utf-8")) if garbled.MAP_PATH.exists() else {}
    reviewed = data.get("reviewed", {})
    known = {k: v["char"] for k, v in reviewed.items()}
    learnt = garbled.learn(bad, clean, known=known)
    data["kanji"] = {
        ch: {"char": item.char, "confidence": item.confidence, "votes": item.votes,
             "evidence": item.evidence}
        for ch, item in sorted(learnt.items(), key=lambda kv: (-kv[1].votes, kv[0]))
    }
    garbled.MAP_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"learnt {len(learnt)} letters; {len(reviewed)} reviewed entries kept; wrote {garbled.MAP_PATH}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.learn:
        return learn(args.learn)
    for line in report(args.records):
        print(line)
    return 0
