"""Build viz/data/japan_prefectures.json: simplified prefecture outlines for the map of Japan.

Source: the `japanmap` package on PyPI (Apache-2.0, by Saito Tsutomu), whose
`japan.json` holds prefecture boundaries in longitude/latitude as shared arcs
(each border between two prefectures is stored once, the coast is arc 0 of
"neighbour 0"). Only the area of each prefecture that holds its capital is
there: outlying islands are not drawn (their municipalities still get a circle).

Each arc is simplified once (Douglas-Peucker), so two neighbours keep exactly the
same border and no gap or overlap appears between them; the rings are then put
back together and the coordinates rounded to 0.001° (about 100 m).

    .venv/bin/python tools/build_japan_map.py            # downloads the pinned wheel with pip
    .venv/bin/python tools/build_japan_map.py WHEEL.whl  # or reads a wheel you have

The licence of the source is copied beside the output.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "japanmap==0.6.0"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "viz" / "data" / "japan_prefectures.json"
LICENCE_OUT = ROOT / "viz" / "data" / "LICENSE-japanmap-Apache-2.0.txt"
TOLERANCE = 0.012  # degrees of latitude, about 1.3 km: enough for a whole-country map
PRECISION = 3
PREFECTURE_CODES = [f"{i:02d}" for i in range(1, 48)]  # japanmap lists them in JIS X 0401 order
KX = math.cos(math.radians(36))  # a degree of longitude is shorter than one of latitude


def _fetch_wheel(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--dest", str(folder), PACKAGE], check=True)
    wheels = sorted(folder.glob("japanmap-*.whl"))
    if not wheels:
        raise SystemExit(f"pip did not download a wheel of {PACKAGE}")
    return wheels[0]


def _read_wheel(wheel: Path) -> tuple[list, list, str]:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        qp, qo = json.loads(z.read("japanmap/japan.json"))
        licence = next(n for n in names if n.endswith("/LICENSE"))
        return qp, qo, z.read(licence).decode("utf-8")


def _dp(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker on a polyline, keeping both ends (x scaled by KX)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = (bx - ax) * KX, by - ay
        norm = math.hypot(dx, dy)
        worst, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = (points[i][0] - ax) * KX, points[i][1] - ay
            d = abs(dx * py - dy * px) / norm if norm else math.hypot(px, py)
            if d > worst:
                worst, at = d, i
        if at >= 0 and worst > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_arc(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if points[0] == points[-1] and len(points) > 3:  # a closed coast: split it in two
        mid = len(points) // 2
        return _dp(points[: mid + 1], tol)[:-1] + _dp(points[mid:], tol)
    return _dp(points, tol)


def build(qp: list, qo: list, tol: float = TOLERANCE) -> dict[str, list[float]]:
    if len(qo) != len(PREFECTURE_CODES):
        raise SystemExit(f"expected 47 prefectures in japanmap's data, found {len(qo)}")
    coords = [(float(p[0][0]), float(p[0][1])) for p in qp]
    done: dict[tuple[int, ...], list[tuple[float, float]]] = {}
    out: dict[str, list[float]] = {}
    for code, arcs in zip(PREFECTURE_CODES, qo, strict=True):
        ring: list[tuple[float, float]] = []
        for _neighbour, indices in arcs:
            key = tuple(indices)
            if key not in done and key[::-1] in done:
                simple = done[key[::-1]][::-1]
            else:
                simple = done.setdefault(key, _simplify_arc([coords[i] for i in indices], tol))
            ring.extend(simple if not ring else simple[1:])
        if ring[0] == ring[-1]:
            ring.pop()
        flat: list[float] = []
        for x, y in ring:
            flat += [round(x, PRECISION), round(y, PRECISION)]
        out[code] = flat
    return out


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(argv[1]) if len(argv) > 1 else _fetch_wheel(Path(tmp))
        qp, qo, licence = _read_wheel(wheel)
    data = {
        "source": f"PyPI {PACKAGE} (japanmap/japan.json), Apache-2.0, Saito Tsutomu; "
                  f"simplified by tools/build_japan_map.py (tolerance {TOLERANCE}°)",
        "ring_format": "one ring per prefecture: lon, lat, lon, lat, ...",
        "prefectures": build(qp, qo),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    LICENCE_OUT.write_text(licence, encoding="utf-8")
    points = sum(len(r) // 2 for r in data["prefectures"].values())
    print(f"wrote {OUT.relative_to(ROOT)}: 47 prefectures, {points} points, "
          f"{OUT.stat().st_size} bytes; licence in {LICENCE_OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
