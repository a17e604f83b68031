"""What every browser test does on every page: collect console errors, run axe-core, save a
screenshot."""

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from ..api.factories import PASSWORD
from .conftest import ARTIFACTS, AXE

SERIOUS = {"serious", "critical"}


class Ui:
    """A Playwright page with console errors collected and a check per visited page."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.set_default_timeout(10_000)

    def forgive(self, status: int) -> None:
        """Drop the console's note of a page answered `status` on purpose (a form with errors
        is answered 422; Chromium logs every 4xx document as a console error)."""
        self.errors = [e for e in self.errors if f"status of {status}" not in e]

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def login(self, name: str, password: str = PASSWORD) -> None:
        self.go("/login")
        self.page.get_by_label("Kasutajanimi").fill(name)
        self.page.get_by_label("Parool").fill(password)
        self.page.get_by_role("button", name="Logi sisse").click()
        expect(self.page.get_by_text(f"Sisse logitud: {name}")).to_be_visible()

    def logout(self) -> None:
        self.page.get_by_role("button", name="Logi välja").click()
        expect(self.page.get_by_role("heading", name="Logi sisse")).to_be_visible()

    def check(self, name: str, *, full_page: bool = True) -> list[dict[str, Any]]:
        """No console errors, no serious axe violations; a screenshot as `name`.png."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
        assert not self.errors, f"{name}: console errors {self.errors}"
        return axe(self.page, name)


def axe(page: Page, name: str) -> list[dict[str, Any]]:
    assert AXE.is_file(), "axe-core missing: npm install axe-core (./dev test does it)"
    # Evaluated, not added as a <script>: the pages' CSP refuses inline script (and the
    # evaluation of a test tool through the browser's protocol is not the page's).
    page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [v for v in result["violations"] if v.get("impact") in SERIOUS]
    if violations:
        report = Path(ARTIFACTS / f"{name}.axe.json")
        report.write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    assert not violations, f"{name}: " + "; ".join(
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes'][:3]]})" for v in violations
    )
    minor: list[dict[str, Any]] = result["violations"]
    return minor
