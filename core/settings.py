"""Settings, read from the environment. Each one is documented in README.md.

| variable | default | meaning |
|---|---|---|
| TSUNAGARI_STORE | embedded:.tsunagari/graph | `embedded:PATH`, or a `neo4j://…` / `bolt://…` URI |
| NEO4J_USER | neo4j | Neo4j user (Neo4j store only) |
| NEO4J_PASSWORD | (none) | Neo4j password (Neo4j store only) |
| NEO4J_DATABASE | (server default) | Neo4j database name |
| NEO4J_CONNECTION_TIMEOUT | 1.0 | seconds to connect to Neo4j (TCP and Bolt handshake) |
| NEO4J_ACQUISITION_TIMEOUT | 1.5 | seconds to wait for a connection from the driver's pool |
| TSUNAGARI_QUERY_TIMEOUT | 10 | seconds one statement of the web server may run (Neo4j transaction timeout, embedded query timeout) |
| TSUNAGARI_OVERRIDES | data/organisation_overrides.toml | organisation merge overrides |
| TSUNAGARI_TEST_NEO4J | (unset) | a Neo4j URI: the Neo4j tests run against it |
| TSUNAGARI_SUGGEST_ANSWERS | on | `off`: loads store no suggestion answers (tsunagari/suggest/answers.py) and every request is worked out |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout (core/ is a top-level folder)
DEFAULT_STORE = "embedded:.tsunagari/graph"
SETTINGS = ("TSUNAGARI_STORE", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
            "NEO4J_CONNECTION_TIMEOUT", "NEO4J_ACQUISITION_TIMEOUT", "TSUNAGARI_QUERY_TIMEOUT",
            "TSUNAGARI_OVERRIDES", "TSUNAGARI_TEST_NEO4J", "TSUNAGARI_SUGGEST_ANSWERS")


@dataclass(frozen=True)
class Settings:
    store: str
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str | None
    overrides: Path
    neo4j_connection_timeout: float = 1.0
    neo4j_acquisition_timeout: float = 1.5
    query_timeout: float = 10.0
    #: whether loads derive and store the suggester's answers
    suggest_answers: bool = True


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be more than 0 seconds")
    return value


def _switch(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw not in ("on", "off"):
        raise ValueError(f"{name} must be 'on' or 'off', not {raw!r}")
    return raw == "on"


def settings() -> Settings:
    env = os.environ
    return Settings(
        store=env.get("TSUNAGARI_STORE") or DEFAULT_STORE,
        neo4j_user=env.get("NEO4J_USER") or "neo4j",
        neo4j_password=env.get("NEO4J_PASSWORD"),
        neo4j_database=env.get("NEO4J_DATABASE") or None,
        overrides=Path(env.get("TSUNAGARI_OVERRIDES") or ROOT / "data" / "organisation_overrides.toml"),
        neo4j_connection_timeout=_seconds("NEO4J_CONNECTION_TIMEOUT", 1.0),
        neo4j_acquisition_timeout=_seconds("NEO4J_ACQUISITION_TIMEOUT", 1.5),
        query_timeout=_seconds("TSUNAGARI_QUERY_TIMEOUT", 10.0),
        suggest_answers=_switch("TSUNAGARI_SUGGEST_ANSWERS", True),
    )
