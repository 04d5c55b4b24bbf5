"""`tsunagari serve`: the web app and JSON API on 127.0.0.1:8000."""

from __future__ import annotations

import argparse
import os


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the web pages and JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.set_defaults(func=run)


def show_progress() -> None:
    """The app's own notes (the store opened, what start-up made and how long it took)
    on standard error beside uvicorn's, as uvicorn prints its own."""
    import logging

    logger = logging.getLogger("tsunagari")
    if not any(getattr(h, "tsunagari_serve", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        handler.tsunagari_serve = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from tsunagari.api.app import MAX_URL_BYTES, create_app

    show_progress()
    app = create_app(store_spec=args.store)
    # h11 drops a request line longer than its buffer (16 KiB) with a reset; with room
    # for a few hundred KiB the app itself answers an over-long URL with 414.
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", http="h11",
                h11_max_incomplete_event_size=max(1 << 20, 64 * MAX_URL_BYTES))
    return 0
