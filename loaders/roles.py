"""Partnership roles from the words of the sources.

The lexicon (which words signal which role) lives in ``role_lexicon.toml``
beside this module, so that it can be read and grown by people who do not read
Python. This module only applies it:

- ``classify(text)`` gives the role codes of one role text, in the taxonomy
  order of ``core.vocabulary.ROLE_CODES``;
- ``explain(text)`` gives the lexicon hits behind that answer;
- ``unmatched(texts)`` lists the texts no phrase matched, most common first,
  which is what ``tsunagari roles --unmatched`` prints.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tsunagari.core import tomlfile
from tsunagari.core.text import collapsed, nfkc
from tsunagari.core.vocabulary import LEXICON_ROLES, ROLE_CODES

LEXICON_PATH = Path(__file__).with_name("role_lexicon.toml")

IGNORE_KEY = "_ignore"

_ORDER = {code: i for i, code in enumerate(ROLE_CODES)}


class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the file and the key."""


@dataclass(frozen=True)
class Hit:
    """One lexicon phrase found in a role text (positions in the folded text)."""

    phrase: str
    role: str | None  # None for an `_ignore` phrase
    start: int
    end: int


@dataclass(frozen=True)
class Lexicon:
    # (folded phrase, role or None), longest first so explanations read naturally
    entries: tuple[tuple[str, str | None], ...]
    path: Path

    def find(self, folded: str) -> list[Hit]:
        hits: list[Hit] = []
        for phrase, role in self.entries:
            start = folded.find(phrase)
            while start != -1:
                end = start + len(phrase)
                if _standalone(folded, phrase, start, end):
                    hits.append(Hit(phrase, role, start, end))
                start = folded.find(phrase, start + 1)
        return hits


# A committee's name (就労支援部会, 市民啓発部会) says what the committee is about,
# not what the partner does in it: only the word 部会 is kept.
_COMMITTEE = re.compile(r"[^、,/()・:]{1,12}?部会")


def _fold(text: str) -> str:
    """The form both role texts and phrases are compared in."""
    text = _COMMITTEE.sub("部会", nfkc(text))
    return "".join(text.split()).casefold()


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _standalone(text: str, phrase: str, start: int, end: int) -> bool:
    # Latin abbreviations (PR, SNS) must not match inside longer Latin words
    # such as a URL ("prtimes"); Japanese has no word spaces, so no such check.
    glued_before = _is_ascii_alnum(phrase[0]) and start > 0 and _is_ascii_alnum(text[start - 1])
    glued_after = (
        _is_ascii_alnum(phrase[-1]) and end < len(text) and _is_ascii_alnum(text[end])
    )
    return not (glued_before or glued_after)


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and check a lexicon file; the default is the one shipped beside this module."""
    path = path or LEXICON_PATH
    data = tomlfile.read_toml(path, LexiconError)
    seen: dict[str, str] = {}
    entries: list[tuple[str, str | None]] = []
    for key, phrases in data.items():
        if key != IGNORE_KEY and key not in LEXICON_ROLES:
            raise LexiconError(
                f"{path}: unknown role {key!r}; expected one of {', '.join(LEXICON_ROLES)}"
                f" or {IGNORE_KEY}"
            )
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise LexiconError(f"{path}: {key}: expected a list of strings")
        for raw in phrases:
            phrase = _fold(raw)
            if not phrase:
                raise LexiconError(f"{path}: {key}: empty phrase")
            if phrase in seen:
                raise LexiconError(
                    f"{path}: phrase {raw!r} listed under both {seen[phrase]} and {key}"
                )
            seen[phrase] = key
            entries.append((phrase, None if key == IGNORE_KEY else key))
    entries.sort(key=lambda e: (-len(e[0]), e[0]))
    return Lexicon(tuple(entries), path)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()


def explain(role_text: str | None, lexicon: Lexicon | None = None) -> list[Hit]:
    """The hits that decide the roles of a text: shorter phrases inside longer ones removed."""
    if not role_text:
        return []
    lexicon = lexicon or default_lexicon()
    hits = lexicon.find(_fold(role_text))
    kept = [
        h
        for h in hits
        if not any(
            o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
            for o in hits
        )
    ]
    return sorted(kept, key=lambda h: (h.start, -h.end))


def classify(role_text: str | None, lexicon: Lexicon | None = None) -> list[str]:
    """Role codes of one role text, in the taxonomy order of ``core.vocabulary.ROLE_CODES``.

    None or a blank text gives ``['unspecified']``; a text in which no phrase of
    the lexicon counts gives ``['other']``.
    """
    if role_text is None or not _fold(role_text):
        return ["unspecified"]
    roles = {h.role for h in explain(role_text, lexicon) if h.role is not None}
    if not roles:
        return ["other"]
    return sorted(roles, key=_ORDER.__getitem__)


def _display(text: str) -> str:
    return collapsed(text)


def unmatched(
    texts: Iterable[str | None], lexicon: Lexicon | None = None
) -> list[tuple[str, int]]:
    """Role texts that classify as 'other', with their counts, most common first.

    Texts are NFKC-normalised with whitespace collapsed, so spellings that differ
    only in width or spacing count together. Empty texts are 'unspecified', not
    unmatched, and are left out. Ties are ordered by text so the list is stable.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        if text is None:
            continue
        shown = _display(text)
        if shown and classify(shown, lexicon) == ["other"]:
            counts[shown] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
