"""The substitution graph as SVG: positions as nodes, rules as arrows, problems highlighted.

Layout: one column per unit (units in name order), positions down the column; an arrow goes
from a position to each position its rules name (dashed when the rule covers only some duties).
Nodes are links to the position pages, reachable by keyboard, each named for screen readers;
a big municipality is cut to the positions with problems and their neighbours.
"""

from collections.abc import Collection, Sequence
from html import escape

from roles import domain

NODE_W = 190
NODE_H = 34
COL_GAP = 70
ROW_GAP = 22
PAD = 20
HEAD = 26
MAX_NODES = 60


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pick(
    positions: Sequence[domain.Position], problems: Collection[str], limit: int = MAX_NODES
) -> list[domain.Position]:
    """All positions when few; else those with problems and the ones their rules touch."""
    if len(positions) <= limit:
        return list(positions)
    by_id = {p.id: p for p in positions}
    chosen: dict[str, None] = {}
    for p in positions:
        if p.id in problems and len(chosen) < limit:
            chosen[p.id] = None
    for pid in list(chosen):
        for r in by_id[pid].substitutes:
            if r.position in by_id and len(chosen) < limit:
                chosen[r.position] = None
    return [by_id[pid] for pid in chosen]


def svg(
    positions: Sequence[domain.Position],
    unit_names: dict[str, str],
    problems: Collection[str],
    link: str,
    title: str,
    description: str,
    problem_word: str = "probleem",
) -> str:
    """The SVG markup; `link` is the position page URL with `{}` for the position id."""
    columns: dict[str, list[domain.Position]] = {}
    for p in sorted(positions, key=lambda p: (unit_names.get(p.unit, p.unit), p.title, p.id)):
        columns.setdefault(p.unit, []).append(p)
    where: dict[str, tuple[float, float]] = {}
    parts: list[str] = []
    height = 0.0
    for c, (unit, members) in enumerate(columns.items()):
        x = PAD + c * (NODE_W + COL_GAP)
        parts.append(
            f'<text class="unit" x="{x}" y="{PAD + 12}" font-weight="bold" font-size="12">'
            f"{escape(_short(unit_names.get(unit, unit), 30))}</text>"
        )
        for r, p in enumerate(members):
            y = PAD + HEAD + r * (NODE_H + ROW_GAP)
            where[p.id] = (x, y)
            height = max(height, y + NODE_H)
    width = PAD * 2 + max(1, len(columns)) * (NODE_W + COL_GAP) - COL_GAP
    height += PAD
    edges: list[str] = []
    for p in positions:
        if p.id not in where:
            continue
        x1, y1 = where[p.id]
        for rule in p.substitutes:
            if rule.position not in where or rule.position == p.id:
                continue
            x2, y2 = where[rule.position]
            classes = ["edge"]
            if rule.scoped:
                classes.append("scoped")
            if p.id in problems:
                classes.append("problem")
            if x1 == x2:  # same column: bow out to the right
                sx: float = x1 + NODE_W
                ex: float = x2 + NODE_W
                sy, ey = y1 + NODE_H / 2, y2 + NODE_H / 2
                bend = 40 + abs(ey - sy) / 4
                path = f"M{sx},{sy} C{sx + bend},{sy} {ex + bend},{ey} {ex + 4},{ey}"
            else:
                forward = x2 > x1
                sx = x1 + NODE_W if forward else x1
                ex = x2 - 4 if forward else x2 + NODE_W + 4
                sy, ey = y1 + NODE_H / 2, y2 + NODE_H / 2
                mid = (sx + ex) / 2
                path = f"M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}"
            marker = "arrow-bad" if p.id in problems else "arrow"
            edges.append(
                f'<path class="{" ".join(classes)}" d="{path}" marker-end="url(#{marker})"/>'
            )
    nodes: list[str] = []
    for p in positions:
        if p.id not in where:
            continue
        nx, ny = where[p.id]
        bad = p.id in problems
        label = p.title + (f" – {problem_word}" if bad else "")
        nodes.append(
            f'<a href="{escape(link.format(p.id), quote=True)}" class="node'
            f'{" problem" if bad else ""}" aria-label="{escape(label, quote=True)}">'
            f"<title>{escape(p.title)} ({escape(p.id)})</title>"
            f'<rect x="{nx}" y="{ny}" width="{NODE_W}" height="{NODE_H}" rx="5"/>'
            f'<text x="{nx + 8}" y="{ny + 21}">{escape(_short(p.title))}</text></a>'
        )
    defs = (
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker>'
        '<marker id="arrow-bad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#a61b1b"/></marker>'
        "</defs>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="group" aria-labelledby="graph-title graph-desc">'
        f'<title id="graph-title">{escape(title)}</title>'
        f'<desc id="graph-desc">{escape(description)}</desc>'
        f"{defs}{''.join(edges)}{''.join(nodes)}</svg>"
    )
