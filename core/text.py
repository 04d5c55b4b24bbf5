"""Text forms and stable ids shared by every room: one NFKC, one hash."""

from __future__ import annotations

import hashlib
import unicodedata


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width Latin and digits to ASCII, ㈱ to (株), half-width kana to full."""
    return unicodedata.normalize("NFKC", text)


def collapsed(text: str) -> str:
    """NFKC with every run of whitespace made one space and the ends trimmed."""
    return " ".join(nfkc(text).split())


def short_hash(text: str, n: int = 16) -> str:
    """The first ``n`` hex digits of the SHA-1 of ``text`` (UTF-8): the stable part
    of an id that must be the same in every load."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def with_department(name: str, department: str | None) -> str:
    """How a reader sees a body acting through one of its departments: 「法務省 多摩少年院」.

    The graph keeps the body as the node and the department on the tie (PARTNER_IN.department);
    every list, inspector and profile that names the partner of a tie shows both."""
    if not department or department in name:
        return name
    return f"{name} {department}"
