"""The source documents by name: their Japanese titles, and citations a reader can follow.

A fact's ``source`` is ``document:line`` (several joined by ``;``). Nobody can follow
``000_db7cee502450179d.txt:389``; a citation names the document by its title and
gives the line. The five seed documents are titled here, once; any other document
(a user's own table) is cited by its file name.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCUMENT_TITLES: dict[str, str] = {
    "000_db7cee502450179d.txt": "孤独・孤立対策 官民・民民連携の取組事例集",
    "001_1143c6004f43cb1f.txt": "孤独・孤立対策に関するNPO等の取組モデル調査 事業報告（令和5年度）",
    "002_8caa7d252caeed8c.txt": "最近の孤独・孤立対策の取組について（内閣官房 孤独・孤立対策担当室）",
    "003_4d4ef3ddf692a859.txt": "孤独・孤立対策に関する地域連携推進モデル調査研究業務 報告書",
    "004_fd6cbdb65fe8003b.txt": "地域における孤独・孤立対策に関するNPO等の取組モデル調査 採択事業一覧（令和6年度）",
}


def document_title(document: str) -> str:
    return DOCUMENT_TITLES.get(document, document)


@dataclass(frozen=True)
class Citation:
    document: str
    title: str
    line: int | None

    @property
    def text(self) -> str:
        """「…取組事例集」 10行目: the form shown to a reader."""
        return f"「{self.title}」" + (f" {self.line}行目" if self.line else "")


def citations(source: str | None) -> list[Citation]:
    """Every document:line of a source, in its order, without repeats."""
    out: list[Citation] = []
    for part in (source or "").split(";"):
        part = part.strip()
        if not part:
            continue
        doc, _, line = part.partition(":")
        line = line.split(":", 1)[0]
        cite = Citation(doc, document_title(doc), int(line) if line.isdigit() else None)
        if cite not in out:
            out.append(cite)
    return out


def citation_text(source: str | None) -> str:
    """The first citation of a source, as a reader reads it; 出典不明 when there is none."""
    found = citations(source)
    return found[0].text if found else "出典不明"
