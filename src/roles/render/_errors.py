"""The one exception family of `roles.render`, each with its message in Estonian and English."""

from __future__ import annotations


class RenderError(Exception):
    """A document that cannot be rendered; `str(e)` is the English message.

    `message_et` / `message_en` are what a person reads (the faces pick one); `code` names the
    case for programs.
    """

    code = "render-failed"

    def __init__(self, message_en: str, message_et: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_et = message_et or f"Dokumenti ei saanud koostada: {message_en}"

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en


class ConverterBusy(RenderError):
    """The PDF converter's queue is full: try again in `retry_after` seconds."""

    code = "pdf-busy"

    def __init__(self, waiting: int, retry_after: int) -> None:
        super().__init__(
            f"the PDF converter is busy ({waiting} documents waiting); try again shortly",
            f"PDF-i koostaja on hõivatud ({waiting} dokumenti ootel); proovige peagi uuesti",
        )
        self.retry_after = retry_after


class ConversionTimeout(RenderError):
    """A document took longer than the converter's time-out; LibreOffice was restarted."""

    code = "pdf-timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the PDF was not ready in {seconds:g} s; the conversion was abandoned",
            f"PDF ei valminud {seconds:g} sekundiga; teisendamine katkestati",
        )


class ConverterStopped(RenderError):
    """The converter is not running (never started, stopped, or started in another process)."""

    code = "pdf-stopped"

    def __init__(self) -> None:
        super().__init__(
            "the PDF converter is not running",
            "PDF-i koostaja ei tööta",
        )


class ConversionFailed(RenderError):
    """LibreOffice could not convert the document (or could not run at all)."""

    code = "pdf-failed"

    def __init__(self, why: str) -> None:
        super().__init__(
            f"LibreOffice could not make the PDF: {why}",
            f"LibreOffice ei suutnud PDF-i koostada: {why}",
        )
