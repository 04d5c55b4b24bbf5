"""Load benchmark: rebuild and load rates beside the engine's own bulk COPY.

Prints figures; asserts nothing about time. Run with `make bench`.
For the shipped data and for a synthetic records file of at least 100,000
partnership edges, it measures in one process:
- COPY: the engine's bulk copy of exactly the rows a rebuild writes (the baseline);
- rebuild: read + validate records, resolve, project, COPY, derive COLLABORATES_WITH;
- load: the same records upserted (MERGE) on top of the rebuilt graph.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from tsunagari.core.vocabulary import ASKABLE_ROLES
from tsunagari.graph import open_store
from tsunagari.graph.derived import collaborations, memberships_of
from tsunagari.loaders.places import gazetteer
from tsunagari.loaders.project import default_resolver, project
from tsunagari.loaders.records import Record, read_records, write_records

from tsunagari.loading import write_graph
from tsunagari.settings import settings

ROLES = list(ASKABLE_ROLES)
FORMS = ["特定非営利活動法人", "一般社団法人", "株式会社", "社会福祉法人", ""]


def synthetic_records(n_records: int, partners_per_record: int, n_orgs: int, seed: int = 7) -> list[Record]:
    rng = random.Random(seed)
    munis = [p for p in gazetteer().places() if p.kind in ("city", "special_ward", "town", "designated_city")]
    names = [f"{rng.choice(FORMS)} 団体{i:05d}".strip() for i in range(n_orgs)]
    records = []
    for i in range(n_records):
        place = rng.choice(munis)
        lead = rng.randrange(n_orgs)
        partners = rng.sample(range(n_orgs), partners_per_record + 1)
        partners = [p for p in partners if p != lead][:partners_per_record]
        records.append(Record.model_validate({
            "id": f"synthetic-{i:06d}",
            "title": f"合成取組{i:06d}",
            "lead": {"name": names[lead]},
            "areas": [{"text": place.full_name, "code": place.code, "level": "municipality"}],
            "partners": [{"name": names[p], "roles": [rng.choice(ROLES)], "role_text": "合成"} for p in partners],
            "source": {"document": "synthetic.txt", "line": i + 1, "format": "synthetic"},
        }))
    return records


def measure(label: str, records_path: Path, workdir: Path) -> None:
    t0 = time.perf_counter()
    result = read_records([records_path])
    records = result.records
    read_s = time.perf_counter() - t0

    # Baseline: the engine's own COPY of exactly the rows a rebuild writes.
    pj = project(records, default_resolver(settings().overrides), gazetteer())
    # the derived edges a rebuild writes too, computed here from the projected rows
    for row in collaborations(memberships_of(pj.rows)):
        pj.rows.add_rel("COLLABORATES_WITH", "Organisation", "Organisation", row)
    n_nodes, n_rels = pj.rows.count()
    n_partner = sum(len(r.rows) for r in pj.rows.rels if r.type == "PARTNER_IN")
    base = open_store(f"embedded:{workdir / (label + '-copy')}")
    t0 = time.perf_counter()
    base.bulk_insert(pj.rows)
    copy_s = time.perf_counter() - t0
    base.close()

    store = open_store(f"embedded:{workdir / (label + '-graph')}")
    t0 = time.perf_counter()
    rebuild_records = read_records([records_path]).records
    report = write_graph(store, rebuild_records, mode="rebuild")
    rebuild_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_graph(store, read_records([records_path]).records, mode="load")
    load_s = time.perf_counter() - t0
    store.close()

    rows = n_nodes + n_rels
    print(f"\n== {label}: {len(records)} records, {n_nodes} nodes, {n_rels} relationships "
          f"({n_partner} PARTNER_IN, {report.collaborations} COLLABORATES_WITH derived)")
    print(f"  read+validate        {read_s:8.2f} s  {len(records) / read_s:10.0f} records/s")
    print(f"  engine COPY (base)   {copy_s:8.2f} s  {rows / copy_s:10.0f} rows/s  {n_partner / copy_s:10.0f} partner edges/s")
    print(f"  rebuild (end to end) {rebuild_s:8.2f} s  {len(records) / rebuild_s:10.0f} records/s  "
          f"{n_partner / rebuild_s:10.0f} partner edges/s  = {copy_s / rebuild_s:.2f}x COPY")
    print(f"  load (MERGE on top)  {load_s:8.2f} s  {len(records) / load_s:10.0f} records/s  "
          f"{n_partner / load_s:10.0f} partner edges/s  = {copy_s / load_s:.2f}x COPY")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000, help="synthetic records")
    parser.add_argument("--partners", type=int, default=5, help="partners per synthetic record")
    parser.add_argument("--orgs", type=int, default=20_000, help="distinct synthetic organisations")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="tsunagari-bench-") as tmp:
        work = Path(tmp)
        measure("shipped", root / "data" / "records.jsonl", work)
        synthetic = work / "synthetic.jsonl"
        write_records(synthetic_records(args.records, args.partners, args.orgs), synthetic)
        measure("synthetic", synthetic, work)


if __name__ == "__main__":
    main()
