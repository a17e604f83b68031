"""A problem found in a registry: where, what (in English, for logs and scripts), and a stable
code with the facts a face needs to say it in the reader's language (`messages.describe`)."""

import msgspec


class Problem(msgspec.Struct, frozen=True):
    """One problem.

    - `path`: where, inside the registry file: "positions[3].substitutes[0].position"; "" = the
      whole file.
    - `message`: what is wrong, in English, naming ids (for logs, the CLI and API scripts).
    - `code`: a stable name of the kind of problem ("ref.unknown-unit"); every code the domain
      and the registry reader produce has an Estonian and an English text in `messages`.
      "" for problems made elsewhere without one (then `message` is all there is).
    - `params`: the facts the texts need, as strings: titles and names rather than ids where
      the registry has them, the value typed, dates in ISO form (faces print them their way).
    """

    path: str
    message: str
    code: str = ""
    params: dict[str, str] = {}

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __hash__(self) -> int:  # params is a dict: hash what identifies the problem
        return hash((self.path, self.message, self.code))
