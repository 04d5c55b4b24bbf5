"""A tile grid of Japan: one square per prefecture, (column, row) from the north-east.

Tile grids keep every prefecture the same size, so that 鳥取県 is as easy to see
and click as 北海道; the arrangement follows the country's shape loosely.
"""

from __future__ import annotations

_ROWS: tuple[tuple[tuple[int, str], ...], ...] = (
    ((11, "01"),),
    ((11, "02"),),
    ((10, "05"), (11, "03")),
    ((7, "17"), (8, "16"), (9, "15"), (10, "06"), (11, "04")),
    ((2, "35"), (3, "32"), (4, "31"), (5, "28"), (6, "26"), (7, "18"), (8, "21"), (9, "20"),
     (10, "10"), (11, "07")),
    ((1, "40"), (2, "44"), (3, "34"), (4, "33"), (5, "27"), (6, "25"), (7, "23"), (8, "19"),
     (9, "11"), (10, "09"), (11, "08")),
    ((0, "41"), (1, "43"), (2, "45"), (3, "38"), (4, "37"), (5, "30"), (6, "29"), (7, "24"),
     (8, "22"), (9, "13"), (10, "12")),
    ((0, "42"), (1, "46"), (3, "39"), (4, "36"), (9, "14")),
    ((0, "47"),),
)

TILES: dict[str, tuple[int, int]] = {
    code: (col, row) for row, cells in enumerate(_ROWS) for col, code in cells
}

assert sorted(TILES) == [f"{i:02d}" for i in range(1, 48)], "every prefecture exactly once"
assert len(set(TILES.values())) == 47, "no two prefectures on one tile"
