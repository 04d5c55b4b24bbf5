"""One vocabulary: partnership roles, sectors, programme kinds, and how to show them.

Every label, phrase, colour and reach of a role is declared here once; the graph
model, the role lexicon, the suggester, the pages and the research API import it.
DESIGN.md's role table is this module's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reach(StrEnum):
    """How far a partner for a role is sought."""

    #: within the area's prefecture, or within ``LOCAL_REACH_KM`` of its centroid
    LOCAL = "local"
    #: from anywhere in Japan
    ANYWHERE = "anywhere"
    #: not a role one can ask for (other, unspecified)
    NONE = "none"


#: a local role also reaches municipalities of other prefectures this close (km,
#: between municipality centroids): 町田市 for 八王子市, 川崎市 for 世田谷区
LOCAL_REACH_KM = 30.0


@dataclass(frozen=True)
class Role:
    code: str
    #: the role's name on a legend or a picker
    label: str
    #: what a partner did, in a sentence: 「龍雲寺は会場を提供」
    phrase: str
    #: edge colour on white (contrast >= 3:1, told apart by hue and by dash in the maps)
    colour: str
    reach: Reach
    #: can a user ask for a partner in this role?
    askable: bool = True


ROLE_LIST: tuple[Role, ...] = (
    Role("venue", "会場提供", "会場を提供", "#b2182b", Reach.LOCAL),
    Role("publicity", "広報・周知", "広報に協力", "#d45500", Reach.LOCAL),
    Role("funding", "資金提供", "資金を提供", "#8a6d00", Reach.ANYWHERE),
    Role("in_kind", "物品・サービス提供", "物品・サービスを提供", "#4d7a00", Reach.LOCAL),
    Role("co_organiser", "共催・協働", "共催", "#1b7837", Reach.LOCAL),
    Role("endorsement", "後援", "後援", "#00798c", Reach.ANYWHERE),
    Role("referral", "紹介・つなぎ", "紹介・つなぎを担当", "#2166ac", Reach.LOCAL),
    Role("expertise", "助言・講師", "助言・講師を担当", "#5e3c99", Reach.ANYWHERE),
    Role("volunteering", "ボランティア", "ボランティアとして参加", "#c51b7d", Reach.LOCAL),
    Role("research", "研究・調査", "研究・調査を担当", "#6b6b6b", Reach.ANYWHERE),
    Role("technology", "技術・開発", "技術を提供", "#01665e", Reach.ANYWHERE),
    Role("networking", "ネットワーク・情報共有", "ネットワークづくりに協力", "#8c510a", Reach.LOCAL),
    Role("operation", "事業運営", "運営を担当", "#762a83", Reach.LOCAL),
    Role("other", "その他", "連携", "#737373", Reach.NONE, askable=False),
    Role("unspecified", "役割不明", "連携", "#8f8f8f", Reach.NONE, askable=False),
)

ROLES: dict[str, Role] = {r.code: r for r in ROLE_LIST}
#: roles that travel, except when a local government plays them: a municipality's or a
#: prefecture's funding or endorsement is for its own area only (national ministries
#: still reach all of Japan); tsunagari/suggest/scope.py ``home_allows`` applies it
HOME_BOUND_ROLES: frozenset[str] = frozenset({"funding", "endorsement"})
ROLE_CODES: tuple[str, ...] = tuple(ROLES)
#: roles a user can ask the partner finder for
ASKABLE_ROLES: tuple[str, ...] = tuple(r.code for r in ROLE_LIST if r.askable)
#: roles the lexicon can give: 'other' and 'unspecified' are outcomes, not words
LEXICON_ROLES: tuple[str, ...] = ASKABLE_ROLES

#: the implementing body of a programme: not a partnership role, but drawn and
#: phrased beside them
LEAD = "lead"
LEAD_LABEL = "実施機関"
LEAD_PHRASE = "事業を実施"
LEAD_COLOUR = "#222222"


def role_label(code: str) -> str:
    """The Japanese label of a role code, or of ``lead``; unknown codes are shown as given."""
    if code == LEAD:
        return LEAD_LABEL
    role = ROLES.get(code)
    return role.label if role else code


def role_phrase(code: str) -> str:
    if code == LEAD:
        return LEAD_PHRASE
    role = ROLES.get(code)
    return role.phrase if role else "連携"


def role_colour(code: str) -> str:
    if code == LEAD:
        return LEAD_COLOUR
    role = ROLES.get(code)
    return role.colour if role else ROLES["other"].colour


def is_local(code: str) -> bool:
    role = ROLES.get(code)
    return role is not None and role.reach is Reach.LOCAL


@dataclass(frozen=True)
class Sector:
    code: str
    label: str
    #: node colour: >= 3:1 on white, and every two sectors told apart under
    #: protanopia, deuteranopia and tritanopia (tests/test_palette.py)
    colour: str


SECTOR_LIST: tuple[Sector, ...] = (
    Sector("public", "行政・公的機関", "#3756d7"),
    Sector("private", "企業", "#ec5c10"),
    Sector("nonprofit", "非営利団体", "#439f5e"),
    Sector("academic", "大学・学校", "#c250b0"),
    Sector("community", "地域団体", "#a33d19"),
)
UNKNOWN_SECTOR = Sector("unknown", "不明", "#6b6b6b")
SECTORS: dict[str, Sector] = {s.code: s for s in SECTOR_LIST}
SECTOR_CODES: tuple[str, ...] = tuple(SECTORS)


def sector_label(code: str | None) -> str:
    return SECTORS.get(code or "", UNKNOWN_SECTOR).label


def sector_colour(code: str | None) -> str:
    return SECTORS.get(code or "", UNKNOWN_SECTOR).colour


#: the kind of an organisation that is a kind of body rather than a named one
#: (各地のハローワーク): kept in the graph, left out of networks and suggestions
GENERIC_KIND = "generic"

PROGRAMME_KINDS: dict[str, str] = {
    "initiative": "取組",
    "scheme": "支援事業",
    "platform": "プラットフォーム",
}


# Views of the tables above for pages and legends, in the taxonomy order (lead
# first for roles; 'unknown' last for sectors). Derived, never restated.
ROLE_LABELS: dict[str, str] = {LEAD: LEAD_LABEL, **{r.code: r.label for r in ROLE_LIST}}
ROLE_COLOURS: dict[str, str] = {LEAD: LEAD_COLOUR, **{r.code: r.colour for r in ROLE_LIST}}
SECTOR_LABELS: dict[str, str] = {s.code: s.label for s in (*SECTOR_LIST, UNKNOWN_SECTOR)}
SECTOR_COLOURS: dict[str, str] = {s.code: s.colour for s in (*SECTOR_LIST, UNKNOWN_SECTOR)}
