"""The substitution graph as SVG: positions as nodes, rules as arrows, problems marked.

Graphviz's `dot` lays the graph out (units as boxes, rules left to right); we take only numbers
from it (its JSON output: boxes, label spots, spline points) and write the SVG ourselves, so
every piece of user text is escaped here, once, and never passes through dot. Each node is a
keyboard-reachable link to the position page named for screen readers (title, holders,
substitutes, problem). When dot is missing, slow (time-out), too big or fails, the same SVG is
drawn on a simple grid instead: one column per unit, positions down the column.

Marks never rely on colour alone: a problem node has a thick border and a "⚠" before its title,
and its arrows carry "⚠" in their label; an `if_needed` rule is dotted and says so in its
label; a rule covering only some duties is dashed and says so. A big municipality is cut to the
positions with problems and their neighbours (`pick`).
"""

import json
import logging
import shutil
import subprocess
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from urllib.parse import quote

from roles import domain
from roles.web import i18n

log = logging.getLogger(__name__)

NODE_W = 190
LINE_H = 14
PAD = 20
MAX_NODES = 60
DOT_TIMEOUT = 5.0  # seconds; a layout this page waits for longer is not worth having
DOT_MAX_EDGES = 400  # past this dot's layout is slow and unreadable anyway: the grid it is
DOT_MAX_OUTPUT = 4_000_000  # bytes of JSON; more means something went wrong
TITLE_LINES = 2  # a longer title is cut with "…" (CSS line clamp); the whole is in the name
XHTML = "http://www.w3.org/1999/xhtml"


@dataclass
class _Node:
    id: str
    problem: bool
    label: str  # the accessible name
    tip: str  # the hover title
    title: str = ""
    holders: str | None = None  # the holders' names as shown; None: not known here
    x: float = 0.0
    y: float = 0.0
    w: float = float(NODE_W)
    h: float = 0.0


@dataclass
class _Edge:
    source: str
    target: str
    label: str
    classes: list[str]
    path: str = ""
    lx: float | None = None  # label spot
    ly: float | None = None


@dataclass
class _Box:
    name: str
    x: float
    y: float
    w: float
    h: float


@dataclass
class _Layout:
    width: float
    height: float
    boxes: list[_Box] = field(default_factory=list)


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


def _word(lang: str, key: str) -> str:
    return i18n.text(lang, key)


def _model(
    positions: Sequence[domain.Position],
    problems: Collection[str],
    holders: Mapping[str, Sequence[str]] | None,
    lang: str,
) -> tuple[list[_Node], list[_Edge]]:
    shown = {p.id for p in positions}
    titles = {p.id: p.title for p in positions}
    nodes: list[_Node] = []
    edges: list[_Edge] = []
    for p in positions:
        bad = p.id in problems
        names = list(holders.get(p.id, ())) if holders is not None else None
        shown_holders = None
        if names is not None:
            shown_holders = ", ".join(names) if names else _word(lang, "graph_vacant")
        said = [p.title]
        if names is not None:
            said.append(", ".join(names) if names else _word(lang, "graph_vacant"))
        subs: list[str] = []
        for order, rule in enumerate(p.substitutes, 1):
            if rule.position not in shown:
                continue
            words = [f"{order}."]
            classes = ["edge"]
            if rule.if_needed:
                words.append(_word(lang, "graph_if_needed"))
                classes.append("if-needed")
            if rule.scoped:
                words.append(_word(lang, "graph_scoped"))
                classes.append("scoped")
            if bad:
                words.insert(0, "⚠")
                classes.append("problem")
            edges.append(_Edge(p.id, rule.position, " ".join(words), classes))
            subs.append(" ".join([titles[rule.position], *words[1 if not bad else 2 :]]))
        if subs:
            said.append(_word(lang, "graph_substitutes") + ": " + "; ".join(subs))
        if bad:
            said.append(_word(lang, "graph_problem"))
        nodes.append(
            _Node(
                p.id,
                bad,
                " – ".join(said),
                "\n".join(said),
                title=p.title,
                holders=shown_holders,
                h=(TITLE_LINES + (shown_holders is not None)) * LINE_H + 10,
            )
        )
    return nodes, edges


# --- layout by Graphviz ----------------------------------------------------------------------


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_source(
    nodes: list[_Node], edges: list[_Edge], units: dict[str, str], unit_names: dict[str, str]
) -> tuple[str, dict[str, str], dict[str, str]]:
    """DOT text naming nodes n0… and clusters c0… (never user ids); unit names become
    placeholders of their length, so no user text reaches dot at all."""
    names = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    clusters: dict[str, str] = {}
    out = [
        "digraph g {",
        'graph [rankdir=LR, nodesep=0.25, ranksep=0.7, fontsize=12, fontname="DejaVu Sans"];',
        'node [shape=box, fixedsize=true, label="", width=%.3f];' % (NODE_W / 72),
        'edge [fontsize=10, fontname="DejaVu Sans"];',
    ]
    by_unit: dict[str, list[_Node]] = {}
    for n in nodes:
        by_unit.setdefault(units[n.id], []).append(n)
    for k, (unit, members) in enumerate(
        sorted(by_unit.items(), key=lambda u: unit_names.get(u[0], u[0]))
    ):
        cname = f"cluster_{k}"
        clusters[cname] = unit
        placeholder = "n" * len(_short(unit_names.get(unit, unit), 40))
        out.append(f'subgraph {cname} {{ label="{placeholder}"; labeljust=l; margin=10;')
        for n in members:
            out.append(f"{names[n.id]} [height={n.h / 72:.3f}];")
        out.append("}")
    for e in edges:
        out.append(f"{names[e.source]} -> {names[e.target]} [label={_dot_string(e.label)}];")
    out.append("}")
    return "\n".join(out), names, clusters


@lru_cache(maxsize=64)
def _run_dot(binary: str, source: str, timeout: float) -> str | None:
    try:
        done = subprocess.run(
            [binary, "-Tjson"],
            input=source.encode(),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as e:
        log.warning("graphviz failed, drawing the grid instead: %s", e)
        return None
    if done.returncode != 0 or len(done.stdout) > DOT_MAX_OUTPUT:
        log.warning("graphviz failed (%s), drawing the grid instead", done.returncode)
        return None
    return done.stdout.decode("utf-8", "replace")


def _points(text: str) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in (p.split(",")[:2] for p in text.split())]


def _by_dot(
    nodes: list[_Node],
    edges: list[_Edge],
    units: dict[str, str],
    unit_names: dict[str, str],
    binary: str,
    timeout: float,
) -> _Layout | None:
    if len(edges) > DOT_MAX_EDGES or len(nodes) > 4 * MAX_NODES:
        return None
    source, names, clusters = _dot_source(nodes, edges, units, unit_names)
    raw = _run_dot(binary, source, timeout)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        _, _, width, height = (float(v) for v in data["bb"].split(","))

        def flip(x: float, y: float) -> tuple[float, float]:  # dot's y axis points up
            return x + PAD, height - y + PAD

        by_name = {n: node for node in nodes for n in [names[node.id]]}
        layout = _Layout(width + 2 * PAD, height + 2 * PAD)
        index: dict[int, str] = {}
        for gvid, obj in enumerate(data.get("objects", [])):
            name = obj.get("name", "")
            if name in clusters:
                x1, y1, x2, y2 = (float(v) for v in obj["bb"].split(","))
                x, y = flip(x1, y2)
                layout.boxes.append(
                    _Box(unit_names.get(clusters[name], clusters[name]), x, y, x2 - x1, y2 - y1)
                )
            elif name in by_name:
                index[int(obj.get("_gvid", gvid))] = name
                node = by_name[name]
                cx, cy = flip(*_points(obj["pos"])[0])
                node.x, node.y = cx - node.w / 2, cy - node.h / 2
        placed: dict[tuple[str | None, str | None], list[dict[str, str]]] = {}
        for obj in data.get("edges", []):
            placed.setdefault((index.get(obj["tail"]), index.get(obj["head"])), []).append(obj)
        for e in edges:
            obj = placed[(names[e.source], names[e.target])].pop(0)
            tip = None
            spline: list[tuple[float, float]] = []
            for part in obj["pos"].split():
                if part.startswith("e,"):
                    tip = flip(*_points(part[2:])[0])
                elif not part.startswith("s,"):
                    spline.append(flip(*_points(part)[0]))
            if tip is not None:  # dot leaves room for the arrow head: draw the line to its tip
                spline[-1] = tip
            head, *rest = spline
            e.path = f"M{head[0]:.1f},{head[1]:.1f} C" + " ".join(
                f"{x:.1f},{y:.1f}" for x, y in rest
            )
            if "lp" in obj:
                e.lx, e.ly = flip(*_points(obj["lp"])[0])
    except (KeyError, ValueError, TypeError, IndexError) as e:
        log.warning("graphviz answer not understood, drawing the grid instead: %s", e)
        return None
    return layout


# --- the fallback grid -----------------------------------------------------------------------


def _grid(
    nodes: list[_Node], edges: list[_Edge], units: dict[str, str], unit_names: dict[str, str]
) -> _Layout:
    col_gap, row_gap, head = 90, 22, 26
    columns: dict[str, list[_Node]] = {}
    for n in nodes:
        columns.setdefault(units[n.id], []).append(n)
    height = 0.0
    boxes = []
    for c, (unit, members) in enumerate(
        sorted(columns.items(), key=lambda u: unit_names.get(u[0], u[0]))
    ):
        x = PAD + c * (NODE_W + col_gap)
        y = float(PAD + head)
        for n in members:
            n.x, n.y = x, y
            y += n.h + row_gap
        height = max(height, y)
        boxes.append(_Box(unit_names.get(unit, unit), x - 6, PAD - 4, NODE_W + 12, y - PAD))
    width = PAD * 2 + max(1, len(columns)) * (NODE_W + col_gap) - col_gap + 60
    where = {n.id: n for n in nodes}
    for e in edges:
        a, b = where[e.source], where[e.target]
        sy, ey = a.y + a.h / 2, b.y + b.h / 2
        if a.x == b.x:  # same column: bow out to the right
            sx, ex = a.x + a.w, b.x + b.w
            bend = 40 + abs(ey - sy) / 4
            e.path = f"M{sx},{sy} C{sx + bend},{sy} {ex + bend},{ey} {ex + 2},{ey}"
            e.lx, e.ly = sx + bend * 0.75, (sy + ey) / 2
        else:
            forward = b.x > a.x
            sx = a.x + a.w if forward else a.x
            ex = b.x - 2 if forward else b.x + b.w + 2
            mid = (sx + ex) / 2
            e.path = f"M{sx},{sy} C{mid},{sy} {mid},{ey} {ex},{ey}"
            e.lx, e.ly = mid, (sy + ey) / 2 - 4
    for box in boxes:
        box.h = height - PAD
    return _Layout(width, height + PAD, boxes)


# --- drawing ---------------------------------------------------------------------------------


def _draw(
    layout: _Layout,
    nodes: list[_Node],
    edges: list[_Edge],
    link: str,
    title: str,
    description: str,
    engine: str,
) -> str:
    parts: list[str] = []
    for box in layout.boxes:
        parts.append(
            f'<g class="unit"><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" '
            f'height="{box.h:.1f}" rx="6"/><text x="{box.x + 8:.1f}" y="{box.y + 16:.1f}">'
            f"{escape(_short(box.name, 40))}</text></g>"
        )
    for e in edges:
        marker = "arrow-bad" if "problem" in e.classes else "arrow"
        parts.append(
            f'<path class="{" ".join(e.classes)}" d="{e.path}" marker-end="url(#{marker})"/>'
        )
    for e in edges:
        if e.lx is not None and e.ly is not None:
            cls = "edge-label problem" if "problem" in e.classes else "edge-label"
            parts.append(
                f'<text class="{cls}" x="{e.lx:.1f}" y="{e.ly + 3:.1f}" text-anchor="middle" '
                f'aria-hidden="true">{escape(e.label)}</text>'
            )
    for n in nodes:
        href = link.format(quote(n.id, safe=""))
        # HTML in the node: the browser wraps the title with its own font metrics and clamps it
        # to TITLE_LINES lines; the whole title stays in the text, part of the link's name
        holders = f' <span class="h">{escape(n.holders)}</span>' if n.holders is not None else ""
        parts.append(
            f'<a href="{escape(href, quote=True)}" class="node{" problem" if n.problem else ""}" '
            f'aria-label="{escape(n.label, quote=True)}" '
            f'data-position="{escape(n.id, quote=True)}">'
            f"<title>{escape(n.tip)}</title>"
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.w:.1f}" height="{n.h:.1f}" rx="5"/>'
            f'<foreignObject x="{n.x:.1f}" y="{n.y:.1f}" width="{n.w:.1f}" height="{n.h:.1f}">'
            f'<div xmlns="{XHTML}" class="node-label"><span class="t">'
            f"{'⚠ ' if n.problem else ''}{escape(n.title)}</span>{holders}</div>"
            "</foreignObject></a>"
        )
    defs = (
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker>'
        '<marker id="arrow-bad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#a61b1b"/></marker>'
        "</defs>"
    )
    w, h = layout.width, layout.height
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'width="{w:.0f}" height="{h:.0f}" role="group" data-layout="{engine}" '
        f'aria-labelledby="graph-title graph-desc">'
        f'<title id="graph-title">{escape(title)}</title>'
        f'<desc id="graph-desc">{escape(description)}</desc>'
        f"{defs}{''.join(parts)}</svg>"
    )


def svg(
    positions: Sequence[domain.Position],
    unit_names: dict[str, str],
    problems: Collection[str],
    link: str,
    title: str,
    description: str,
    problem_word: str = "probleem",
    *,
    holders: Mapping[str, Sequence[str]] | None = None,
    lang: str | None = None,
    dot: str | None = "dot",
    timeout: float = DOT_TIMEOUT,
) -> str:
    """The SVG markup; `link` is the position page URL with `{}` for the position id.

    `holders` maps a position id to its holders' names (shown in the node; "vacant" when
    empty; left out when None). `lang` picks the words on arrows and in the names ("et" or
    "en"; callers passing only `problem_word` get English when it is "problem"). `dot` is the
    Graphviz command (None: always the grid).
    """
    if lang is None:
        lang = "en" if problem_word == "problem" else "et"
    nodes, edges = _model(positions, problems, holders, lang)
    units = {p.id: p.unit for p in positions}
    binary = shutil.which(dot) if dot else None
    layout = _by_dot(nodes, edges, units, unit_names, binary, timeout) if binary else None
    engine = "dot"
    if layout is None:
        nodes, edges = _model(positions, problems, holders, lang)  # dot may have half-placed them
        layout = _grid(nodes, edges, units, unit_names)
        engine = "grid"
    return _draw(layout, nodes, edges, link, title, description, engine)
