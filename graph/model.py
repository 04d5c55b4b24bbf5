"""The graph model, declared once.

Both stores derive their schema from these declarations: the embedded engine
creates node and relationship tables, Neo4j creates uniqueness constraints on
every key. The Cypher check builds its schema (labels, types, properties) from
the same objects, so a query can only name what is declared here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Property types in the embedded engine's vocabulary; Neo4j is schemaless for
# properties, so only the embedded store reads them.
STRING = "STRING"
INT = "INT64"
FLOAT = "DOUBLE"
BOOL = "BOOLEAN"
STRINGS = "STRING[]"
INTS = "INT64[]"
BLOB = "BLOB"


@dataclass(frozen=True)
class NodeLabel:
    name: str
    key: str
    properties: dict[str, str]
    doc: str = ""
    #: properties recomputed from the graph after every load (graph/derived.py),
    #: never written by a loader
    derived: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        return list(self.properties)

    def loaded_columns(self) -> list[str]:
        return [c for c in self.properties if c not in self.derived]


@dataclass(frozen=True)
class RelType:
    name: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, str] = field(default_factory=dict)
    doc: str = ""
    derived: bool = False


ORGANISATION = NodeLabel(
    "Organisation",
    key="id",
    properties={
        "id": STRING,
        "name": STRING,
        "key": STRING,
        "legal_form": STRING,
        "sector": STRING,
        "kind": STRING,
        "aliases": STRINGS,
        # the names sources write as its name (not readings, not garbled text):
        # what ``name`` is chosen from, so a load in parts names it as a rebuild does
        "spellings": STRINGS,
        "sources": STRINGS,
        "municipality_code": STRING,
        "prefecture_code": STRING,
        # Known only from text a broken PDF font garbled (seed 001): "recovered"
        # (``name`` is 「推定: …（文字化けから復元）」, ``name_confidence`` the
        # decoder's, 0..1) or "unreadable" (``name`` is 「（文字化けのため判読不能）」);
        # null for a name some source writes clean. ``raw_name``: the garbled text.
        "name_status": STRING,
        "raw_name": STRING,
        "name_confidence": FLOAT,
        # Derived on every load (graph/derived.py), never written by a loader: the
        # figures the suggester scores many candidates with, one node read each.
        "collaborators": INT,
        "roles_played": STRINGS,
        "life_stages": STRINGS,
        "partners": STRINGS,  # ids of its collaborators (COLLABORATES_WITH), sorted
        "area_codes": STRINGS,  # areas its programmes target, the most targeted first
        # the partnership roles anyone played in its programmes: what they lack is
        # what the suggester offers first
        "programme_roles": STRINGS,
        # what search looks in (graph/derived.py search_text): the lower-cased name,
        # the normalised key and the lower-cased aliases, one per line, so that a
        # search word is one CONTAINS on one column instead of per-row folding
        "search_text": STRING,
    },
    doc="Any body that acts: NPO, company, university, council, government body.",
    derived=("collaborators", "roles_played", "life_stages", "partners", "area_codes",
             "programme_roles", "search_text"),
)

# The organisations active in a place, derived on every load: those with a part
# (leading included) in a programme that targets it (a municipality: it or one
# of its wards; a prefecture: anywhere in it), ordered best connected first
# (collaborators, then name, then id; ``active_ranks`` is that order over every
# organisation); ``active_roles`` the partnership roles each played there,
# space-separated. Kept: the first POOL_CAP for any part and for each role, so
# the first POOL_CAP players of any role are all there.
PLACE_POOL = ("active_organisations", "active_roles", "active_ranks")
# Derived on every load (graph/derived.py), so that the suggester's area pool is a
# few key lookups; municipalities and prefectures both carry them.
_PLACE_POOL_TYPES = dict(zip(PLACE_POOL, (STRINGS, STRINGS, INTS), strict=True))

MUNICIPALITY = NodeLabel(
    "Municipality",
    key="code",
    properties={
        "code": STRING,
        "name": STRING,
        "full_name": STRING,
        "kind": STRING,
        "prefecture_code": STRING,
        "parent_code": STRING,
        **_PLACE_POOL_TYPES,
    },
    doc="City, ward, town or village, keyed by its 5-digit JIS X 0402 code.",
    derived=PLACE_POOL,
)

PREFECTURE = NodeLabel(
    "Prefecture",
    key="code",
    properties={
        "code": STRING,
        "name": STRING,
        **_PLACE_POOL_TYPES,
    },
    doc="Prefecture keyed by its 2-digit code.",
    derived=PLACE_POOL,
)

PROGRAMME = NodeLabel(
    "Programme",
    key="id",
    properties={
        "id": STRING,
        "title": STRING,
        "kind": STRING,
        "collaboration_type": STRING,
        "period_text": STRING,
        "period_start": STRING,
        "period_end": STRING,
        "url": STRING,
        "life_stages": STRINGS,
        "area_texts": STRINGS,
        "national": BOOL,
        "source": STRING,
        # derived on every load: the lower-cased title and the area texts, one per line
        "search_text": STRING,
    },
    doc="Something organisations do together: initiative, scheme or platform.",
    derived=("search_text",),
)

# A kind of body a programme names rather than one body (企業, 住民, 弁護士, 各地のハローワーク,
# 県内の全市町村): not an organisation, so never suggested, searched or counted as
# one. Keyed per programme and name, as "企業" in two programmes are not one body.
CATEGORY = NodeLabel(
    "Category",
    key="id",
    properties={
        "id": STRING,
        "name": STRING,
        "sector": STRING,
        "programme": STRING,  # the id of the programme that names it
    },
    doc="A participant category of one programme (企業, 住民, 弁護士): not an organisation.",
)

# The suggester's finished answer to "who could play role R near area A"
# (tsunagari/suggest/answers.py), derived on every load so that a request is one
# key lookup returning one value: key "ROLE|CODE" ("ROLE|" with no area), packed
# the answer as gzip-compressed compact JSON (suggestions with their reasons and
# evidence, the farther list, the message), sent as it is to a client that takes
# gzip. The pools and organisation seeds (keys "pool|…", "seed|…") keep ids and
# numbers as plain JSON in body.
ANSWER = NodeLabel(
    "Answer",
    key="key",
    properties={"key": STRING, "body": STRING, "packed": BLOB},
    doc="A precomputed partner suggestion answer for a role and an area (derived).",
    derived=("body", "packed"),
)

NODES: tuple[NodeLabel, ...] = (ORGANISATION, MUNICIPALITY, PREFECTURE, PROGRAMME, CATEGORY, ANSWER)

PLACES = (("Municipality",), ("Prefecture",))

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType("LEADS", (("Organisation", "Programme"),), {"source": STRING},
            doc="The implementing body of a programme."),
    RelType(
        "PARTNER_IN",
        (("Organisation", "Programme"),),
        {
            "role": STRING,
            "role_text": STRING,
            "group_name": STRING,
            "department": STRING,
            "amount_yen": INT,
            "generic": BOOL,
            "mention": STRING,
            "source": STRING,
            # the line where the partner is named and the sentence that states the
            # fact: what the evidence page quotes
            "line": INT,
            "quote": STRING,
        },
        doc="A partnership edge; one per role.",
    ),
    RelType(
        "PARTICIPATES_IN",
        (("Category", "Programme"),),
        {
            "role": STRING,
            "role_text": STRING,
            "group_name": STRING,
            "source": STRING,
            "line": INT,
            "quote": STRING,
        },
        doc="A participant category's part in a programme; one per role.",
    ),
    RelType("PART_OF", (("Programme", "Programme"),), {"source": STRING},
            doc="Initiative adopted by a scheme, or trial project of a platform."),
    RelType("TARGETS", (("Programme", "Municipality"), ("Programme", "Prefecture")),
            {"text": STRING, "source": STRING}, doc="The programme's target area."),
    RelType("BASED_IN", (("Organisation", "Municipality"), ("Organisation", "Prefecture")),
            {"source": STRING}, doc="Where an organisation is based."),
    RelType("GOVERNS", (("Organisation", "Municipality"), ("Organisation", "Prefecture")),
            doc="A local government and its territory."),
    RelType("IN", (("Municipality", "Municipality"), ("Municipality", "Prefecture")),
            doc="Ward in designated city; municipality in prefecture."),
    RelType(
        "COLLABORATES_WITH",
        (("Organisation", "Organisation"),),
        {"weight": INT, "roles": STRINGS, "programmes": STRINGS},
        doc="Derived from shared programmes; rebuilt on every load.",
        derived=True,
    ),
)

NODE_BY_NAME = {n.name: n for n in NODES}
REL_BY_NAME = {r.name: r for r in RELATIONSHIPS}

# Roles, sectors and programme kinds are the vocabulary's (core/vocabulary.py).


# Neo4j only: one node that says whether the last load or rebuild finished
# (graph/neo4j_store.py); the embedded store keeps this in files instead.
STATUS_LABEL = "TsunagariStatus"
STATUS_PROPERTIES = ("key", "state", "mode", "started", "finished")


def all_labels() -> list[str]:
    return [n.name for n in NODES] + [STATUS_LABEL]


def all_rel_types() -> list[str]:
    return [r.name for r in RELATIONSHIPS]


def all_properties() -> list[str]:
    names: set[str] = set()
    for n in NODES:
        names.update(n.properties)
    for r in RELATIONSHIPS:
        names.update(r.properties)
    names.update(STATUS_PROPERTIES)
    return sorted(names)
