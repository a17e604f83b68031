"""Coverage findings said on a page, in its language, naming titles and people.

`roles.coverage` findings carry a code and the ids of what they are about (and an English and
Estonian sentence naming ids, for the API and logs); a page says them with the titles of the
positions, the people's names and dates printed the page's way (`phrases/coverage.py`).
"""

from roles.coverage import Finding
from roles.domain import dates
from roles.services import seen_findings
from roles.services.snapshot import Snapshot
from roles.web import i18n


def _title(snap: Snapshot, position: str, lang: str) -> str:
    if position == seen_findings.OUTSIDE:
        return i18n.text(lang, "cov_outside")
    found = snap.positions.get(position)
    if found is None:
        return "?"  # a position no longer in the registry: never its id
    same = [p for p in snap.positions.values() if p.title == found.title]
    unit = snap.units.get(found.unit)
    return f"{found.title} ({unit.name})" if len(same) > 1 and unit else found.title


def _language(code: str, lang: str) -> str:
    if code == "foreign":
        return i18n.text(lang, "cov_foreign")
    key = "lang_" + code
    return i18n.text(lang, key) if key in i18n.TEXTS else code


def _required(kind: str, value: str, lang: str) -> str:
    """'et C1' → 'eesti keel C1'; 'foreign B1' → 'võõrkeel B1'; 'higher' → its phrase."""
    if kind == "language":
        code, _, level = value.partition(" ")
        return f"{_language(code, lang)} {level}".strip()
    if kind == "education" and "edu_" + value in i18n.TEXTS:
        return i18n.text(lang, "edu_" + value)
    return value


def said(f: Finding, snap: Snapshot, lang: str) -> str:
    """The finding as a sentence in `lang`."""
    others = ", ".join(_title(snap, p, lang) for p in f.positions or [])
    days = ", ".join(
        dates.shown(r.start, lang)
        if r.start == r.end
        else f"{dates.shown(r.start, lang)} – {dates.shown(r.end, lang)}"
        for r in f.ranges or []
    )
    count = sum((r.end - r.start).days + 1 for r in f.ranges or [])
    unmet = "; ".join(
        i18n.text(lang, f"cov_unmet_{u.kind}").format(required=_required(u.kind, u.required, lang))
        + ", "
        + (
            i18n.text(lang, "cov_unmet_has").format(found=_required(u.kind, u.found, lang))
            if u.found
            else i18n.text(lang, "cov_unmet_missing")
        )
        for u in f.requirements or []
    )
    if f.code == "overloaded-substitute":
        count = len(f.positions or [])
    values = {
        "position": _title(snap, f.position, lang),
        "others": others,
        "days": days,
        "count": str(count),
        "duties": ", ".join(f"„{d}“" if lang == "et" else f"“{d}”" for d in f.duties or []),
        "unmet": unmet,
        "field": i18n.text(lang, "cov_field_" + f.field.value) if f.field else "",
        "text": f.text or "",
        "registry": ", ".join(f.registry or []),
    }
    key = f"cov_{f.code}"
    if key not in i18n.TEXTS:
        return f.message(lang)
    return i18n.text(lang, key).format(**values)
