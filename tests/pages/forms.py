"""What a browser would post for a page's form, without a browser: inputs (checkboxes only
when checked), textareas and selects (the selected option, else the first); no buttons."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._option_selected = False
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and self.css_class in a.get("class", "").split():
            self.inside = True
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file") or (
                kind in ("checkbox", "radio") and "checked" not in a
            ):
                return
            self.fields[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in a:
                self.fields[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            before = self.fields[self._textarea]
            # a browser drops the one newline that may follow <textarea>
            self.fields[self._textarea] = before + (data if before else data.removeprefix("\n"))


def fields_of(html: str, css_class: str) -> dict[str, str]:
    """The fields of the first `<form class="… css_class …">` in `html`."""
    parser = _Form(css_class)
    parser.feed(html)
    parser.close()
    assert parser.done, f"no form of class {css_class!r}"
    return parser.fields
