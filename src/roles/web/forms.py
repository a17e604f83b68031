"""The one form reader: urlencoded and multipart bodies alike, the CSRF token checked first.

A form carries the session's CSRF token in a hidden `_csrf` field; a form whose token does not
match is refused (Forbidden, a 403 page) before anything in it is looked at. An uploaded file
is read up to a limit and no further.
"""

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from litestar import Request
from litestar.datastructures import UploadFile

from roles.services import auth

CSRF_FIELD = "_csrf"


@dataclass(frozen=True)
class Upload:
    name: str  # the file's own name, without any folder a browser sent
    data: bytes  # at most the limit and one byte: one byte more says it was too big


@dataclass
class Form:
    """A posted form: each field's values as sent, and its files."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    uploads: dict[str, list[Upload]] = field(default_factory=dict)  # every file of a field

    def get(self, name: str, default: str = "") -> str:
        """A field's first value."""
        values = self.fields.get(name)
        return values[0] if values else default

    def __contains__(self, name: object) -> bool:
        return name in self.fields

    def values(self) -> dict[str, str]:
        """Every field's first value: what a form shown again is filled with."""
        return {k: v[0] for k, v in self.fields.items() if v}

    def file(self, name: str = "file") -> Upload:
        """The uploaded file of a field; an empty one when none was chosen."""
        return self.files.get(name, Upload("", b""))


async def read_form(request: Request[Any, Any, Any], csrf: str | None, max_bytes: int = 0) -> Form:
    """The posted form, once its `_csrf` field is the session's token (Forbidden otherwise).
    Files are read up to `max_bytes` (and one byte more, so too big can be told)."""
    data = await request.form()
    auth.check_csrf(csrf, str(data.get(CSRF_FIELD, "")))
    form = Form()
    for key in data:
        for value in data.getall(key):
            if isinstance(value, UploadFile):
                if max_bytes and value.filename:
                    content = await value.read(max_bytes + 1)
                    upload = Upload(PurePath(value.filename).name, content)
                    form.files[key] = upload
                    form.uploads.setdefault(key, []).append(upload)
                await value.close()
            else:
                form.fields.setdefault(key, []).append(str(value))
    return form
