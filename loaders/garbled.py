"""Reading text that a broken PDF font garbled (seed 001), and learning how.

The model-project reports were extracted through a font whose Unicode table is
wrong. The damage is regular, which is what makes it reversible:

- kana come out as rare kanji of the 山 radical at a fixed code-point offset
  (崣 U+5D23 = セ U+30BB + 0x2C68; 峝 U+5CDD = び U+3073 + 0x2C6A), a few
  brackets likewise (岥 = 「);
- each kanji comes out as one letter of an unrelated script (ৗ = 新, ૣ = 福),
  always the same letter for the same kanji;
- a few characters come out as nothing at all (子ども若者 -> 子ども者,
  情報提供 -> 情報提): these drops are invisible in the code points.

The kana rule is fixed; the kanji table is learnt from the documents (``learn``)
by aligning every garbled letter's context with the same context in clean text
(the other seeds and the clean lines of 001), and kept, with its evidence, as
reviewed data in ``garbled_map.json`` beside this module. ``decode`` applies
that table and never guesses: a letter without an entry stays unread, and the
caller keeps the raw text.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tsunagari.core.text import nfkc

MAP_PATH = Path(__file__).with_name("garbled_map.json")

# --- which characters are damaged ------------------------------------------------

_FOREIGN_RANGES = (
    (0x0370, 0x1FFF),  # Greek … Indic, Thai, Tibetan, Myanmar, Georgian, Hangul Jamo, Ethiopic …
    (0x2C00, 0x2DFF),
    (0xA000, 0xABFF),
    (0xAC00, 0xD7AF),
    (0x22CA, 0x22CD),  # ⋊⋋⋌⋍ stand for circled digits
)
# Kanji of the 山 block that this document does use as themselves (岐阜, 岡山,
# 豊島区, 宮崎, 崩壊, 岩本); every other code point of the block is a kana.
REAL_MOUNTAIN = frozenset("岐岡岩島崎崩")
_HIRAGANA_SHIFT = 0x2C6A  # ぁ U+3041 -> U+5CAB … ゖ U+3096 -> U+5D00
_KATAKANA_SHIFT = 0x2C68  # ァ U+30A1 -> U+5D09 … ヶ U+30F6 -> U+5D5E
# Brackets of the broken font, read from their contexts (【時間軸】, 「つながる会議」).
_PUNCTUATION = {"岥": "「", "岦": "」", "岧": "【", "岨": "】"}


# CJK radicals that NFKC leaves alone but the broken font writes for kanji (北⻑ = 北長).
_RADICALS = {"⻑": "長", "⻄": "西", "⻘": "青", "⻝": "食", "⻩": "黄", "⻌": "辶"}


def is_foreign(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _FOREIGN_RANGES)


def kana_of(ch: str) -> str | None:
    """The kana (or bracket) a 山-block code point stands for, None for anything else."""
    if ch in _PUNCTUATION:
        return _PUNCTUATION[ch]
    if ch in _RADICALS:
        return _RADICALS[ch]
    if len(ch) != 1:
        return None
    cp = ord(ch)
    if ch in REAL_MOUNTAIN:
        return None
    if 0x5CAB <= cp <= 0x5D00:
        return chr(cp - _HIRAGANA_SHIFT)
    if 0x5D09 <= cp <= 0x5D5E:
        return chr(cp - _KATAKANA_SHIFT)
    return None


@lru_cache(maxsize=1 << 16)  # a few thousand distinct characters in a national load
def is_damaged_char(ch: str) -> bool:
    if len(ch) != 1:
        return any(is_damaged_char(c) for c in ch)
    return is_foreign(ch) or kana_of(ch) is not None or 0x5CA2 <= ord(ch) <= 0x5CAA


def is_damaged(text: str) -> bool:
    """True when the text holds a code point the broken font put in place of Japanese."""
    return any(is_damaged_char(c) for c in text)


def broken_font(raw: str) -> bool:
    """A line set in the broken font: it shows garbled letters or Kangxi radicals (⼈ for 人).

    Only the broken font writes 人, 日, 大 … as Kangxi radicals, so a line can be
    recognised even where none of its letters happen to be garbled: its drops
    (子ども者) are then the only damage.
    """
    return any(0x2F00 <= ord(c) <= 0x2FDF or is_damaged_char(c) for c in raw)


# --- the reviewed table -------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    char: str  # what the garbled letter stands for: a kanji (参加 where the font drops 加)
    confidence: float
    evidence: tuple[str, ...]  # contexts: "garbled context => clean text it matched"


@dataclass(frozen=True)
class GarbledMap:
    kanji: dict[str, Entry]
    # character dropped by the font -> (damaged spelling, repaired spelling) pairs
    drops: tuple[tuple[str, str], ...] = ()
    dropped: str = ""  # characters the font is seen to lose without a trace
    path: Path | None = None


def load_map(path: Path | None = None) -> GarbledMap:
    """Read the reviewed table; a malformed entry is an error naming the file and the key."""
    path = path or MAP_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    kanji: dict[str, Entry] = {}
    # learnt entries first; a reviewed entry (read by a person) overrides one
    for section in ("kanji", "reviewed"):
        for raw_key, value in data.get(section, {}).items():
            key = nfkc(raw_key)
            if not 1 <= len(key) <= 3 or not isinstance(value, dict) or not value.get("char"):
                raise ValueError(f"{path}: {section}.{key!r}: expected a letter mapped to "
                                 "{'char': its reading}")
            kanji[key] = Entry(value["char"], float(value.get("confidence", 1.0)),
                               tuple(value.get("evidence", ())))
    drops = []
    for item in data.get("drops", []):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(s, str) for s in item)):
            raise ValueError(f"{path}: drops: expected [damaged, repaired] pairs, got {item!r}")
        drops.append((item[0], item[1]))
    return GarbledMap(kanji, tuple(drops), str(data.get("dropped", "")), path)


@lru_cache(maxsize=1)
def default_map() -> GarbledMap:
    return load_map()


# --- decoding -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    raw: str
    text: str  # the reading; unread letters stay as they were
    unread: tuple[str, ...]  # garbled letters without an entry
    repaired: tuple[str, ...]  # dropped characters put back ("子ども者 -> 子ども若者")
    confidence: float  # 0 when something stays unread

    @property
    def complete(self) -> bool:
        return not self.unread


def _longest_key(text: str, i: int, table: GarbledMap) -> str | None:
    # NFKC splits some garbled letters in two (ড় -> ড + ়): keys may be 2-3 code points
    for n in (3, 2, 1):
        if text[i:i + n] in table.kanji:
            return text[i:i + n]
    return None


def decode_aligned(text: str, table: GarbledMap | None = None) -> tuple[str, list[int]]:
    """The reading of NFKC text letter by letter, and where each read character starts in ``text``.

    No drop repairs: the reading stays aligned with the text, so that what is
    found in the reading can be cut out of the source (the last start is len(text)).
    """
    table = table or default_map()
    out: list[str] = []
    starts: list[int] = []
    i = 0
    while i < len(text):
        key = _longest_key(text, i, table)
        if key is not None:
            reading = table.kanji[key].char
            out.append(reading)
            starts.extend([i] * len(reading))
            i += len(key)
            continue
        out.append(kana_of(text[i]) or text[i])
        starts.append(i)
        i += 1
    starts.append(len(text))
    return "".join(out), starts


def decode(text: str, table: GarbledMap | None = None) -> Decoded:
    """Read garbled text with the kana rule and the reviewed kanji table."""
    table = table or default_map()
    text = nfkc(text)
    out: list[str] = []
    unread: list[str] = []
    confidence = 1.0
    i = 0
    while i < len(text):
        ch = text[i]
        key = _longest_key(text, i, table)
        kana = kana_of(ch)
        if key is not None:
            entry = table.kanji[key]
            out.append(entry.char)
            confidence = min(confidence, entry.confidence)
            i += len(key)
            continue
        if kana is not None:
            out.append(kana)
        else:
            if is_damaged_char(ch):
                unread.append(ch)
            out.append(ch)
        i += 1
    reading = "".join(out)
    repaired: list[str] = []
    for damaged, fixed in table.drops:
        if damaged in reading and fixed not in reading:
            reading = reading.replace(damaged, fixed)
            repaired.append(f"{damaged} -> {fixed}")
            confidence = min(confidence, 0.8)
    return Decoded(text, reading, tuple(dict.fromkeys(unread)), tuple(repaired),
                   0.0 if unread else round(confidence, 2))


def suspect_drops(reading: str, clean_pairs: set[str], table: GarbledMap | None = None) -> list[str]:
    """Neighbours between which the font seems to have lost a character.

    A pair that clean text never shows, while clean text does show it with one
    of the characters the font is known to lose in between (も者 / も若 + 若者).
    """
    table = table or default_map()
    out = []
    for i in range(len(reading) - 1):
        a, b = reading[i], reading[i + 1]
        if a + b in clean_pairs:
            continue
        for d in table.dropped:
            if a + d in clean_pairs and d + b in clean_pairs:
                out.append(f"{a}?{b} ({d})")
                break
    return out


# What a page shows for a garbled name nobody could read: never the raw letters
# as a name (a page may add them in small print).
UNREADABLE = "（文字化けのため判読不能）"


def recovered_label(reading: str) -> str:
    """A reading recovered from garbled text, marked as one wherever it is shown."""
    return f"推定: {reading}（文字化けから復元）"


def display_name(name: str, recovered_name: str | None, quality: str | None) -> str:
    """What a page shows for a partner: a recovered reading is marked as one,
    an unread garbled name is never shown as a name."""
    if quality == "garbled":
        return recovered_label(recovered_name) if recovered_name else UNREADABLE
    return name


# --- learning ---------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff々]")


def _is_kanji(ch: str) -> bool:
    return bool(_CJK.match(ch))


@dataclass
class Learnt:
    char: str
    confidence: float
    votes: int
    evidence: list[str] = field(default_factory=list)


def _context_index(clean_texts: Iterable[str], width: int) -> dict[tuple[str, str], Counter[str]]:
    index: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for text in clean_texts:
        for i, ch in enumerate(text):
            if not _is_kanji(ch):
                continue
            for a in range(width + 1):
                for b in range(width + 1):
                    if a + b < 2 or i - a < 0 or i + 1 + b > len(text):
                        continue
                    left, right = text[i - a:i], text[i + 1:i + 1 + b]
                    if "\n" in left or "\n" in right:
                        continue
                    index[(left, right)][ch] += 1
    return index


def learn(garbled_lines: list[str], clean_texts: list[str], known: dict[str, str] | None = None,
          rounds: int = 4, width: int = 3) -> dict[str, Learnt]:
    """Learn garbled letter -> kanji by aligning contexts with clean text.

    Each occurrence of a garbled letter votes, for every context length around
    it that is readable (kana decoded, letters already learnt substituted), for
    the kanji that clean text shows between the same neighbours; longer and
    rarer contexts weigh more. A letter is taken when one kanji has most of the
    votes; a kanji claimed by two letters goes to the better supported one.
    Rounds repeat with what was learnt, so neighbours become readable.
    """
    clean = [nfkc(t) for t in clean_texts]
    index = _context_index(clean, width)
    known = dict(known or {})
    learnt: dict[str, Learnt] = {}
    # one unit per code point of the source, as NFKC writes it (ড় is two code points then)
    lines = [[nfkc(c) for c in s] for s in garbled_lines]
    for _ in range(rounds):
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        evidence: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for line in lines:
            readable = [kana_of(c) or known.get(c) or c for c in line]
            for i, ch in enumerate(line):
                if not ch or not is_foreign(ch[0]) or ch in known:
                    continue
                for a in range(width, -1, -1):
                    for b in range(width, -1, -1):
                        if a + b < 2 or i - a < 0 or i + 1 + b > len(line):
                            continue
                        left = "".join(readable[i - a:i])
                        right = "".join(readable[i + 1:i + 1 + b])
                        if any(is_damaged_char(c) for c in left + right):
                            continue
                        hits = index.get((left, right))
                        if not hits:
                            continue
                        total = sum(hits.values())
                        weight = (a + b) ** 2 / len(hits)
                        for cand, n in hits.items():
                            votes[ch][cand] += weight * n / total
                            if len(evidence[ch][cand]) < 4 and a + b >= 3:
                                evidence[ch][cand].append(f"{left}{ch}{right} => {left}{cand}{right}")
        chosen: dict[str, Learnt] = {}
        for ch, counter in votes.items():
            (best, score), *rest = counter.most_common(2) + [("", 0.0)]
            second = rest[0][1] if rest else 0.0
            total = sum(counter.values())
            share = score / total if total else 0.0
            if score >= 2.0 and score >= 2 * second and len(evidence[ch][best]) >= 1:
                chosen[ch] = Learnt(best, round(min(0.99, share), 2), round(score),
                                    evidence[ch][best])
        claimed = {item.char for item in learnt.values()} | set((known or {}).values())
        chosen = {c: item for c, item in chosen.items() if c in learnt or item.char not in claimed}
        by_kanji: dict[str, list[str]] = defaultdict(list)
        for ch, item in chosen.items():
            by_kanji[item.char].append(ch)
        for letters in by_kanji.values():
            letters.sort(key=lambda c: -chosen[c].votes)
            for loser in letters[1:]:
                del chosen[loser]
        new = {c: item for c, item in chosen.items() if c not in learnt}
        learnt.update(new)
        known.update({c: item.char for c, item in new.items()})
        if not new:
            break
    return learnt


def dropped_characters(garbled_lines: list[str], clean_texts: list[str], top: int = 40) -> list[str]:
    """Kanji common in clean text that never occur in the broken-font lines: the font drops them."""
    clean = Counter(c for t in clean_texts for c in nfkc(t) if _is_kanji(c))
    seen = {c for line in garbled_lines for c in nfkc(line)}
    return [c for c, n in clean.most_common() if c not in seen and n >= 5][:top]
