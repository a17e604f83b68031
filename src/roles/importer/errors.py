"""The importer's one exception, with messages people read in Estonian and English."""

from roles.importer.messages import text


class ImporterError(Exception):
    """A file the importer cannot read: unsupported, damaged, too large, or a converter failed.

    `code` names the problem for programs ("unsupported", "damaged", …); `message(language)`
    says it for people, naming the file.
    """

    def __init__(self, code: str, name: str, **details: object) -> None:
        self.code, self.name, self.details = code, name, details
        super().__init__(self.message("en"))

    def message(self, language: str = "et") -> str:
        return f"{self.name}: {text(f'error.{self.code}', language, **self.details)}"
