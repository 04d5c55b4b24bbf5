"""Error wording for people: Japanese, naming what was wrong and how to put it right.

The JSON API keeps FastAPI's structured errors; a browser asking for a page gets these
sentences on the error page instead of English or raw structures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

# What each query or path parameter of the pages means, as a person would name it.
PARAMETER_LABELS = {
    "q": "検索語",
    "depth": "深さ",
    "role": "役割",
    "sector": "セクター",
    "scheme": "支援事業",
    "format": "形式",
    "limit": "件数",
    "k": "件数",
    "need": "役割",
    "area": "地域",
    "org": "団体",
    "org_id": "団体ID",
    "code": "コード",
    "programme_id": "取組ID",
}

STATUS_MESSAGES = {
    400: "リクエストの形式が正しくありません。",
    404: "お探しのページは見つかりませんでした。アドレスをご確認ください。",
    405: "このページはその方法では開けません。",
    414: "アドレスが長すぎます。条件を減らしてお試しください。",
    422: "入力の形式が正しくありません。",
    500: "サーバーで問題が起きました。時間をおいてお試しください。",
    503: "データベースに接続できません。時間をおいてお試しください。",
}


def parameter_name(loc: Iterable[Any]) -> str:
    """「depth」（深さ） for ('query', 'depth')."""
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header", "cookie")
             and not isinstance(p, int)]
    name = parts[0] if parts else "入力"
    label = PARAMETER_LABELS.get(name)
    return f"「{name}」（{label}）" if label else f"「{name}」"


def _one(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    name = parameter_name(error.get("loc", ()))
    given = error.get("input")
    shown = f"（指定された値:「{given}」）" if isinstance(given, str | int | float) else ""
    if kind == "missing":
        return f"{name}を指定してください。"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name}は整数で指定してください{shown}。"
    if kind in ("float_parsing", "float_type"):
        return f"{name}は数値で指定してください{shown}。"
    if kind in ("less_than_equal", "less_than", "greater_than_equal", "greater_than"):
        bound = next(iter(ctx.values()), "")
        word = {"less_than_equal": "以下", "less_than": "未満",
                "greater_than_equal": "以上", "greater_than": "より大きい値"}[kind]
        return f"{name}は {bound} {word}で指定してください{shown}。"
    if kind == "string_too_long":
        return f"{name}は {ctx.get('max_length', '')} 文字以内で指定してください。"
    if kind == "string_too_short":
        return f"{name}は {ctx.get('min_length', '')} 文字以上で指定してください。"
    if kind in ("literal_error", "enum"):
        return f"{name}は次のいずれかで指定してください: {ctx.get('expected', '')}{shown}。"
    return f"{name}の値が正しくありません{shown}。"


def validation_message(errors: Iterable[Mapping[str, Any]]) -> str:
    """One sentence per wrong parameter, e.g. 「depth」（深さ）は 2 以下で指定してください（指定された値:「9」）。"""
    sentences = list(dict.fromkeys(_one(e) for e in errors))
    return "".join(sentences) or STATUS_MESSAGES[422]


def status_message(status: int, detail: Any) -> str:
    """The page's sentence: our own Japanese detail when a route gave one, else a
    Japanese sentence for the status (never Starlette's English phrase)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    if isinstance(detail, str) and detail and detail != phrase and not detail.isascii():
        return detail
    return STATUS_MESSAGES.get(status, f"表示できませんでした（{status}）。")

