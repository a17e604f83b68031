"""Build the four slim job-description templates: voru, viljandi, kohtla-jarve, viimsi.

Run `python templates/build_templates.py` after changing a style here; commit the .docx files.

Each template is a real .docx an HR person can restyle in Word: A4, fonts with Estonian glyphs
(Times New Roman / Arial, which LibreOffice maps to the metric-compatible Liberation fonts) and
the named styles the renderer uses (ids below; see `roles.render` for what each one is for).
It is slim on purpose: a ~5 KB styles.xml instead of python-docx's 438 KB default, because
every saved document carries it and style look-up scans it.

The body holds only the section properties (page size, margins, header reference); the renderer
deep-copies it and fills it per document. Viimsi's header part is filled per document too.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
BUILT_IN = {"Normal", "Title", "heading 1", "heading 2", "heading 3", "Body Text", "header"}


@dataclass(frozen=True)
class Look:
    """What differs between the municipalities' documents."""

    font: str
    size: int  # half-points
    heading_caps: bool
    heading_size: int
    title_size: int
    title_caps: bool
    title_align: str
    margins: tuple[int, int, int, int]  # top, right, bottom, left in twips
    header: bool = False


LOOKS = {
    "voru": Look("Times New Roman", 24, False, 24, 28, False, "center", (1134, 850, 1134, 1701)),
    "viljandi": Look("Times New Roman", 24, False, 24, 28, True, "center", (1134, 850, 1134, 1701)),
    "kohtla-jarve": Look("Arial", 22, True, 22, 24, True, "center", (1134, 850, 1134, 1418)),
    "viimsi": Look("Arial", 22, True, 22, 24, True, "left", (1985, 850, 1134, 1418), header=True),
}


def _rpr(*, bold: bool = False, caps: bool = False, size: int | None = None) -> str:
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if caps:
        parts.append("<w:caps/>")
    if size:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _pstyle(
    style_id: str,
    name: str,
    ppr: str = "",
    rpr: str = "",
    *,
    based_on: str = "Normal",
    next_style: str | None = None,
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{int(name not in BUILT_IN)}" '
        f'w:styleId="{style_id}"><w:name w:val="{escape(name)}"/>{based}{nxt}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def styles_xml(look: Look) -> str:
    spacing = '<w:spacing w:before="0" w:after="80" w:line="259" w:lineRule="auto"/>'
    clause_levels = "".join(
        _pstyle(
            f"Clause{level}",
            f"Clause {level}",
            f'<w:tabs><w:tab w:val="left" w:pos="{567 * level + 284}"/></w:tabs>'
            f'<w:ind w:left="{567 * level + 284}" w:hanging="{851 if level > 1 else 567}"/>'
            '<w:jc w:val="both"/>',
        )
        for level in range(1, 6)
    )
    bullet_levels = "".join(
        _pstyle(
            f"Bullet{level}",
            f"Clause Bullet {level}",
            f'<w:ind w:left="{284 + 284 * level}" w:hanging="284"/><w:jc w:val="left"/>',
        )
        for level in range(1, 6)
    )
    heading_rpr = _rpr(bold=True, caps=look.heading_caps, size=look.heading_size)
    body = "".join(
        [
            f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{look.font}" '
            f'w:hAnsi="{look.font}" w:eastAsia="{look.font}" w:cs="{look.font}"/>'
            f'<w:sz w:val="{look.size}"/><w:szCs w:val="{look.size}"/>'
            '<w:lang w:val="et-EE" w:eastAsia="et-EE" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f"<w:pPrDefault><w:pPr>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>",
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            '<w:name w:val="Normal"/><w:qFormat/></w:style>',
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
            "<w:semiHidden/></w:style>",
            _pstyle(
                "Title",
                "Title",
                f'<w:spacing w:before="240" w:after="240"/><w:jc w:val="{look.title_align}"/>'
                "<w:keepNext/>",
                _rpr(bold=True, caps=look.title_caps, size=look.title_size),
            ),
            _pstyle(
                "Heading1",
                "heading 1",
                '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
                '<w:outlineLvl w:val="0"/>',
                heading_rpr,
                next_style="BodyText",
            ),
            _pstyle(
                "Heading2",
                "heading 2",
                '<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="80"/>'
                '<w:outlineLvl w:val="1"/>',
                heading_rpr,
                next_style="BodyText",
            ),
            _pstyle(
                "Heading3",
                "heading 3",
                '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/>',
                _rpr(bold=True, size=look.size),
                next_style="BodyText",
            ),
            _pstyle("BodyText", "Body Text", '<w:jc w:val="both"/>'),
            clause_levels,
            bullet_levels,
            _pstyle(
                "HeaderField",
                "Header Field",
                '<w:tabs><w:tab w:val="left" w:pos="2835"/></w:tabs>'
                '<w:ind w:left="2835" w:hanging="2835"/>',
            ),
            _pstyle("Approval", "Approval", '<w:spacing w:after="0"/><w:jc w:val="right"/>'),
            _pstyle("Signature", "Signature", '<w:spacing w:before="0" w:after="0"/>'),
            _pstyle(
                "SignatureLine",
                "Signature Line",
                '<w:spacing w:before="240" w:after="0"/>'
                '<w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>',
            ),
            _pstyle("TableText", "Table Text", '<w:spacing w:before="40" w:after="40"/>'),
            _pstyle(
                "TableHeading",
                "Table Heading",
                '<w:keepNext/><w:spacing w:before="40" w:after="40"/>',
                _rpr(bold=True),
            ),
            _pstyle(
                "Header",
                "header",
                '<w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" w:pos="9072"/>'
                '</w:tabs><w:spacing w:after="0"/>',
                _rpr(size=max(look.size - 4, 16)),
            ),
            '<w:style w:type="character" w:customStyle="1" w:styleId="Label">'
            '<w:name w:val="Label"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
            "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>",
            '<w:style w:type="character" w:customStyle="1" w:styleId="DigitalSignature">'
            '<w:name w:val="Digital Signature"/><w:basedOn w:val="DefaultParagraphFont"/>'
            "<w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr></w:style>",
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
            '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" '
            'w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" '
            'w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>",
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
            '<w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0"/></w:pPr>'
            "<w:tblPr><w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders></w:tblPr></w:style>",
            '<w:style w:type="table" w:customStyle="1" w:styleId="FieldTable">'
            '<w:name w:val="Field Table"/><w:basedOn w:val="TableNormal"/>'
            '<w:pPr><w:spacing w:after="0"/></w:pPr></w:style>',
        ]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W}">{body}</w:styles>'
    )


def document_xml(look: Look) -> str:
    top, right, bottom, left = look.margins
    header_ref = '<w:headerReference w:type="default" r:id="rId3"/>' if look.header else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        f"<w:sectPr>{header_ref}"
        '<w:pgSz w:w="11906" w:h="16838"/>'
        f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
        'w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="708"/></w:sectPr></w:body></w:document>'
    )


HEADER_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:hdr xmlns:w="{W}" xmlns:r="{R}"></w:hdr>'
)

SETTINGS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="708"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
)

CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>Ametijuhend</dc:title><dc:creator>roles</dc:creator>"
    "<cp:lastModifiedBy>roles</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties"><Application>roles</Application></Properties>'
)


def content_types(look: Look) -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    header = (
        f'<Override PartName="/word/header1.xml" ContentType="{main}.header+xml"/>'
        if look.header
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{main}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{main}.settings+xml"/>'
        f"{header}"
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


PKG_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)


def document_rels(look: Look) -> str:
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    header = (
        f'<Relationship Id="rId3" Type="{rel}/header" Target="header1.xml"/>' if look.header else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/settings" Target="settings.xml"/>'
        f"{header}</Relationships>"
    )


def build(name: str, look: Look, out_dir: Path = HERE) -> Path:
    parts = {
        "[Content_Types].xml": content_types(look),
        "_rels/.rels": PKG_RELS,
        "docProps/core.xml": CORE_XML,
        "docProps/app.xml": APP_XML,
        "word/document.xml": document_xml(look),
        "word/_rels/document.xml.rels": document_rels(look),
        "word/styles.xml": styles_xml(look),
        "word/settings.xml": SETTINGS_XML,
    }
    if look.header:
        parts["word/header1.xml"] = HEADER_XML
    path = out_dir / f"{name}.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part_name, xml in parts.items():  # fixed order and time: the file is reproducible
            info = zipfile.ZipInfo(part_name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, xml.encode("utf-8"))
    return path


def main() -> None:
    for name, look in LOOKS.items():
        path = build(name, look)
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
