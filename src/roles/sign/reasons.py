"""Why a signature or container is not (fully) valid: a code, a severity, and the words in
Estonian and English. The checks (xades.py) word their findings in English; this table gives
each its code, severity and Estonian text."""

from __future__ import annotations

import re
from enum import StrEnum

import msgspec


class Severity(StrEnum):
    INVALID = "invalid"  # the signature is proven wrong: changed, revoked, forged
    INDETERMINATE = "indeterminate"  # it cannot be shown valid: trust, OCSP or timestamp missing
    WARNING = "warning"  # valid, with something a person should know


class Reason(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    severity: Severity
    message_et: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_et if language == "et" else self.message_en


BAD, UNSURE, WARN = Severity.INVALID, Severity.INDETERMINATE, Severity.WARNING

# (code, severity, English pattern, Estonian template with the pattern's groups)
_TABLE: list[tuple[str, Severity, str, str]] = [
    (
        "data-changed",
        BAD,
        r"data file '(.*)' has been changed after signing",
        "Andmefaili „{0}“ on pärast allkirjastamist muudetud.",
    ),
    (
        "data-missing",
        BAD,
        r"signed data file '(.*)' is missing from the container",
        "Allkirjastatud andmefail „{0}“ puudub konteinerist.",
    ),
    (
        "data-not-covered",
        BAD,
        r"data file '(.*)' is not covered by the signature",
        "Andmefail „{0}“ ei ole selle allkirjaga kaetud.",
    ),
    (
        "properties-changed",
        BAD,
        r"the signed properties have been changed",
        "Allkirja omadusi on pärast allkirjastamist muudetud.",
    ),
    (
        "properties-unsigned",
        BAD,
        r"the signature does not sign its signed properties",
        "Allkiri ei kata oma allkirjastatud omadusi.",
    ),
    (
        "reference-dangling",
        BAD,
        r"reference (.*) points nowhere",
        "Allkirja viide {0} ei osuta millelegi.",
    ),
    (
        "reference-invalid",
        BAD,
        r"the signature refers to '(.*)', which is no file of the container",
        "Allkiri viitab nimele „{0}“, mis ei ole konteineri fail.",
    ),
    (
        "certificate-not-named",
        BAD,
        r"the signed properties do not name the signer's certificate",
        "Allkirja omadused ei nimeta allkirjastaja sertifikaati.",
    ),
    (
        "value-mismatch",
        BAD,
        r"the signature value does not match the signed content",
        "Allkirja väärtus ei vasta allkirjastatud sisule.",
    ),
    (
        "revoked",
        BAD,
        r"the signer's certificate is revoked \(since (.*), reason: (.*)\)",
        "Allkirjastaja sertifikaat on tühistatud (alates {0}, põhjus: {1}).",
    ),
    (
        "untrusted-chain",
        UNSURE,
        r".*not issued by a trusted authority \(untrusted chain\)",
        "Allkirjastaja sertifikaati ei ole välja andnud usaldatud sertifitseerija.",
    ),
    (
        "certificate-time",
        BAD,
        r"the signer's certificate was not valid at the time of signing",
        "Allkirjastaja sertifikaat ei kehtinud allkirjastamise ajal.",
    ),
    (
        "authority-time",
        BAD,
        r"the signer's certificate authority was not valid at the time of signing",
        "Allkirjastaja sertifitseerija ei kehtinud allkirjastamise ajal.",
    ),
    (
        "ocsp-missing",
        UNSURE,
        r"the signature has no OCSP confirmation",
        "Allkirjal puudub kehtivuskinnitus (OCSP).",
    ),
    (
        "ocsp-unknown",
        UNSURE,
        r"the signer's certificate is unknown to the OCSP responder",
        "Kehtivuskinnituse teenus ei tunne allkirjastaja sertifikaati.",
    ),
    (
        "ocsp-untrusted",
        UNSURE,
        r"the OCSP responder certificate is not trusted",
        "Kehtivuskinnituse (OCSP) teenuse sertifikaat ei ole usaldatud.",
    ),
    (
        "ocsp-responder-missing",
        UNSURE,
        r"the OCSP responder's certificate is missing",
        "Kehtivuskinnituse (OCSP) teenuse sertifikaat puudub.",
    ),
    (
        "ocsp-early",
        BAD,
        r"the OCSP confirmation was made before the signature was timestamped",
        "Kehtivuskinnitus on tehtud enne allkirja ajatemplit.",
    ),
    (
        "ocsp-invalid",
        BAD,
        r"(the OCSP .*|unsupported OCSP .*)",
        "Kehtivuskinnitus (OCSP) on vigane.",
    ),
    ("timestamp-missing", UNSURE, r"the signature has no timestamp", "Allkirjal puudub ajatempel."),
    (
        "timestamp-untrusted",
        UNSURE,
        r"the timestamping authority certificate is not trusted",
        "Ajatempli teenuse sertifikaat ei ole usaldatud.",
    ),
    (
        "timestamp-tsa-missing",
        UNSURE,
        r"the timestamping authority's certificate is missing",
        "Ajatempli teenuse sertifikaat puudub.",
    ),
    (
        "timestamp-invalid",
        BAD,
        r"the timestamp.*",
        "Allkirja ajatempel on vigane või ei kata seda allkirja.",
    ),
    ("incomplete", BAD, r"the signature is incomplete", "Allkiri on poolik."),
    (
        "certificate-unreadable",
        BAD,
        r"the signer's certificate cannot be read",
        "Allkirjastaja sertifikaati ei saa lugeda.",
    ),
    (
        "malformed",
        BAD,
        r"(missing .*|malformed .*|unsupported .*)",
        "Allkiri on vigaselt vormistatud.",
    ),
    (
        "signature-dtd",
        BAD,
        r"the signature file declares a DTD.*",
        "Allkirjafail sisaldab dokumenditüübi määratlust (DTD); seda ei lubata.",
    ),
    (
        "signature-too-large",
        BAD,
        r"the signature file is too large",
        "Allkirjafail on liiga suur.",
    ),
    ("signature-xml", BAD, r"the signature file (.*)", "Allkirjafail ei ole loetav XAdES-allkiri."),
    (
        "library-unchecked",
        UNSURE,
        r"libdigidocpp could not check this signature",
        "libdigidocpp ei saanud seda allkirja kontrollida.",
    ),
    (
        "library-missing",
        BAD,
        r"libdigidocpp did not find this signature",
        "libdigidocpp ei leidnud seda allkirja.",
    ),
    ("library", BAD, r"libdigidocpp: (.*)", "libdigidocpp ei pea allkirja kehtivaks: {0}"),
    (
        "not-qualified",
        WARN,
        r"the signature is not a qualified (.*)",
        "Allkiri ei ole kvalifitseeritud ({0}).",
    ),
    # the container as a whole
    (
        "no-signatures",
        BAD,
        r"the container has no signatures",
        "Konteineris ei ole ühtegi allkirja.",
    ),
    (
        "meta-inf-extra",
        WARN,
        r"'(.*)' was added inside META-INF and is covered by no signature",
        "„{0}“ on lisatud kausta META-INF ega ole ühegi allkirjaga kaetud.",
    ),
]

_COMPILED = [(code, sev, re.compile(pattern), et) for code, sev, pattern, et in _TABLE]
CODES = frozenset(code for code, *_ in _TABLE) | {"other"}


def reason(english: str) -> Reason:
    """The coded, bilingual form of a finding worded in English."""
    for code, severity, pattern, et in _COMPILED:
        match = pattern.fullmatch(english)
        if match:
            return Reason(
                code=code,
                severity=severity,
                message_et=et.format(*match.groups()),
                message_en=english,
            )
    return Reason(
        code="other",
        severity=BAD,
        message_et=f"Allkiri ei ole kehtiv: {english}",
        message_en=english,
    )


def worst(reasons: list[Reason]) -> str:
    """A signature's status from its reasons (ETSI EN 319 102-1 words)."""
    severities = {r.severity for r in reasons}
    if Severity.INVALID in severities:
        return "invalid"
    if Severity.INDETERMINATE in severities:
        return "indeterminate"
    return "valid-with-warnings" if severities else "valid"
