"""Just enough DER reading to look inside an RFC 3161 timestamp token (CMS SignedData);
`cryptography` verifies signatures but has no CMS parser for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class DerError(ValueError):
    pass


@dataclass(frozen=True)
class Node:
    tag: int
    content: bytes
    raw: bytes  # tag, length and content, as signed

    def children(self) -> list[Node]:
        return read_all(self.content)

    def child(self, index: int) -> Node:
        children = self.children()
        if index >= len(children):
            raise DerError("missing element")
        return children[index]


def _read_one(data: bytes, start: int) -> tuple[Node, int]:
    if start + 2 > len(data):
        raise DerError("truncated")
    tag, length, position = data[start], data[start + 1], start + 2
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used here")
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or position + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[position : position + count], "big")
        position += count
    end = position + length
    if end > len(data):
        raise DerError("truncated")
    return Node(tag, data[position:end], data[start:end]), end


def read(data: bytes) -> Node:
    node, end = _read_one(data, 0)
    if end != len(data):
        raise DerError("trailing bytes")
    return node


def read_all(data: bytes) -> list[Node]:
    nodes, position = [], 0
    while position < len(data):
        node, position = _read_one(data, position)
        nodes.append(node)
    return nodes


def oid(node: Node) -> str:
    if node.tag != 0x06 or not node.content:
        raise DerError("not an OBJECT IDENTIFIER")
    first, values, value = node.content[0], [], 0
    arcs = [str(min(first // 40, 2)), str(first - 40 * min(first // 40, 2))]
    for byte in node.content[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(str(value))
            value = 0
    return ".".join(arcs + values)


def integer(node: Node) -> int:
    if node.tag != 0x02:
        raise DerError("not an INTEGER")
    return int.from_bytes(node.content, "big", signed=True)


def generalized_time(node: Node) -> dt.datetime:
    if node.tag != 0x18:
        raise DerError("not a GeneralizedTime")
    text = node.content.decode("ascii").rstrip("Z")
    whole, _, fraction = text.partition(".")
    moment = dt.datetime.strptime(whole, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    return moment + dt.timedelta(microseconds=int((fraction or "0")[:6].ljust(6, "0")))
