"""The map colours of core/vocabulary.py: readable on white and told apart by readers
with a colour-vision deficiency.

Contrast is WCAG 2's ratio of relative luminances (non-text graphics need 3:1).
Colour-vision deficiencies are simulated with Machado, Oliveira & Fernandes (2009)
matrices at full severity, applied in linear RGB; two colours count as told apart
when their CIELAB distance (ΔE*ab, D65) stays at least ``MIN_DELTA_E`` for normal
vision and under each simulation. Sectors are dots, told apart by colour alone;
roles are lines that also differ by dash pattern (viz.network.ROLE_DASHES) and carry
their name, so only roles drawn with the same pattern must differ in colour.
"""

from __future__ import annotations

import itertools

import pytest
from tsunagari.core.vocabulary import (
    LEAD,
    LEAD_COLOUR,
    ROLE_LIST,
    SECTOR_LIST,
    UNKNOWN_SECTOR,
)
from tsunagari.viz.network import ROLE_COLOURS, ROLE_DASHES

WHITE_CONTRAST = 3.0
MIN_DELTA_E = 20.0
SIMULATIONS = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    assert len(hex_colour) == 7 and hex_colour[0] == "#", hex_colour
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def luminance(hex_colour: str) -> float:
    r, g, b = linear_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = "#ffffff") -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def lab(hex_colour: str, simulation: str) -> tuple[float, float, float]:
    m = SIMULATIONS[simulation]
    c = linear_rgb(hex_colour)
    r, g, b = (min(1.0, max(0.0, sum(m[i][j] * c[j] for j in range(3)))) for i in range(3))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str, simulation: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a, simulation), lab(b, simulation), strict=True)) ** 0.5


def test_the_contrast_and_distance_functions_measure_what_they_claim() -> None:
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffe119") < 1.5  # the old yellow edge the issue complained of
    assert delta_e("#ff0000", "#ff0000", "normal") == 0
    # red and green, far apart for most readers, nearly merge for a deuteranope
    assert delta_e("#d62728", "#2ca02c", "normal") > 60
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < delta_e("#d62728", "#2ca02c", "normal") / 2


COLOURS = {f"role:{r.code}": r.colour for r in ROLE_LIST} | {f"role:{LEAD}": LEAD_COLOUR} | {
    f"sector:{s.code}": s.colour for s in (*SECTOR_LIST, UNKNOWN_SECTOR)}


@pytest.mark.parametrize(("name", "colour"), sorted(COLOURS.items()))
def test_every_role_and_sector_colour_has_3_to_1_contrast_on_white(name: str, colour: str) -> None:
    assert contrast(colour) >= WHITE_CONTRAST, f"{name} {colour}: {contrast(colour):.2f}:1"


@pytest.mark.parametrize("simulation", sorted(SIMULATIONS))
def test_sectors_are_told_apart_by_colour(simulation: str) -> None:
    sectors = [(s.code, s.colour) for s in (*SECTOR_LIST, UNKNOWN_SECTOR)]
    close = [(a, b, round(delta_e(ca, cb, simulation), 1))
             for (a, ca), (b, cb) in itertools.combinations(sectors, 2)
             if delta_e(ca, cb, simulation) < MIN_DELTA_E]
    assert close == []


@pytest.mark.parametrize("simulation", sorted(SIMULATIONS))
def test_roles_drawn_alike_are_told_apart_by_colour(simulation: str) -> None:
    by_pattern: dict[tuple[int, ...], list[str]] = {}
    for role, dashes in ROLE_DASHES.items():
        by_pattern.setdefault(tuple(dashes), []).append(role)
    close = [(a, b, round(delta_e(ROLE_COLOURS[a], ROLE_COLOURS[b], simulation), 1))
             for roles in by_pattern.values() for a, b in itertools.combinations(roles, 2)
             if delta_e(ROLE_COLOURS[a], ROLE_COLOURS[b], simulation) < MIN_DELTA_E]
    assert close == []
