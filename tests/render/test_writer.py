"""The WordprocessingML writer under the layouts: blocks in order, as python-docx reads them."""

import pytest

from roles.render._oxml import Story


def test_a_story_writes_paragraphs_runs_and_tables_in_order() -> None:
    story = Story()
    story.paragraph("eks\tkaks", "Clause1").run("Silt", "Label").run(" kolm\nneli", bold=True)
    table = story.table([2000, 3000], "TableGrid")
    (merged,) = table.row([2])
    story.paragraph("pärast", "BodyText")
    merged.paragraph("lahter", "TableText")  # a cell may fill after later blocks of its story
    assert len(table.row()) == 2
    xml = story.xml()
    assert xml.startswith('<w:p><w:pPr><w:pStyle w:val="Clause1"/></w:pPr><w:r>')
    assert '<w:t xml:space="preserve">eks</w:t><w:tab/><w:t xml:space="preserve">kaks</w:t>' in xml
    assert '<w:rStyle w:val="Label"/>' in xml and "<w:b/>" in xml and "<w:br/>" in xml
    assert xml.index("lahter") < xml.index("pärast")
    assert '<w:tcW w:w="5000" w:type="dxa"/><w:gridSpan w:val="2"/>' in xml
    assert xml.count("<w:tc>") == 3 and xml.count("<w:p/>") == 2  # empty cells hold a paragraph


def test_runs_go_only_into_the_last_paragraph() -> None:
    story = Story()
    first = story.paragraph("üks")
    story.paragraph("kaks")
    with pytest.raises(ValueError, match="last paragraph"):
        first.run("hiljem")
