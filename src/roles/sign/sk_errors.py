"""What can go wrong when signing with Smart-ID or Mobile-ID, in words a person understands.

Every failure is one `SkError` with a `code` (stable, for the service and the pages), the
service it happened with, and a `detail` in English for the log (SK's end result, the HTTP
status, the library's reason). The person reads `message(lang)`, Estonian or English; the
detail is never shown to them (SK asks relying parties not to tell apart some of its error
cases, to keep account enumeration hard).
"""

from __future__ import annotations

import enum
from typing import Literal

Service = Literal["smart-id", "mobile-id"]
Language = Literal["et", "en"]

_SERVICE_NAMES: dict[Service, dict[Language, str]] = {
    "smart-id": {"et": "Smart-ID", "en": "Smart-ID"},
    "mobile-id": {"et": "Mobiil-ID", "en": "Mobile-ID"},
}


class Code(enum.StrEnum):
    INVALID_PERSONAL_CODE = "invalid-personal-code"
    INVALID_PHONE = "invalid-phone"
    NOT_A_USER = "not-a-user"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    EXPIRED = "expired"
    WRONG_VC = "wrong-vc"
    ACCOUNT_UNUSABLE = "account-unusable"
    APP_OUTDATED = "app-outdated"
    PHONE_UNREACHABLE = "phone-unreachable"
    SIM_ERROR = "sim-error"
    WRONG_PERSON = "wrong-person"
    CERTIFICATE_NOT_QUALIFIED = "certificate-not-qualified"
    CERTIFICATE_EXPIRED = "certificate-expired"
    CERTIFICATE_REVOKED = "certificate-revoked"
    CERTIFICATE_MISMATCH = "certificate-mismatch"
    SERVICE_UNAVAILABLE = "service-unavailable"
    CONFIGURATION = "configuration"
    PROTOCOL_ERROR = "protocol-error"
    SIGNING_FAILED = "signing-failed"


# {service} is the service's name in the message's language.
MESSAGES: dict[Code, dict[Language, str]] = {
    Code.INVALID_PERSONAL_CODE: {
        "et": "Isikukood ei ole õige. Kontrolli numbreid.",
        "en": "The personal identification code is not valid. Please check the digits.",
    },
    Code.INVALID_PHONE: {
        "et": "Telefoninumber ei ole õige. Kirjuta see koos riigikoodiga, näiteks +372 5123 4567.",
        "en": "The phone number is not valid. Write it with the country code, e.g. +372 5123 4567.",
    },
    Code.NOT_A_USER: {
        "et": "Nende andmetega ei leitud {service} kasutajat, kes saaks allkirjastada.",
        "en": "No {service} user who can sign was found with these details.",
    },
    Code.REFUSED: {
        "et": "Allkirjastamine katkestati telefonis. Allkirja ei lisatud.",
        "en": "Signing was cancelled on the phone. No signature was added.",
    },
    Code.TIMEOUT: {
        "et": "Allkirja ei kinnitatud telefonis õigel ajal. Proovi uuesti.",
        "en": "The signature was not confirmed on the phone in time. Please try again.",
    },
    Code.EXPIRED: {
        "et": "Allkirjastamine aegus. Alusta uuesti.",
        "en": "The signing session has expired. Please start again.",
    },
    Code.WRONG_VC: {
        "et": "Telefonis valiti vale kontrollkood. Alusta uuesti ja vali kood, mis on näha "
        "sellel lehel.",
        "en": "A wrong verification code was chosen on the phone. Start again and choose the "
        "code shown on this page.",
    },
    Code.ACCOUNT_UNUSABLE: {
        "et": "{service} kontot ei saa praegu kasutada. Vaata {service} rakendust või pöördu "
        "klienditoe poole.",
        "en": "The {service} account cannot be used at the moment. Check the {service} app or "
        "contact its customer support.",
    },
    Code.APP_OUTDATED: {
        "et": "{service} rakendus on liiga vana. Uuenda rakendust ja proovi uuesti.",
        "en": "The {service} app is too old. Please update the app and try again.",
    },
    Code.PHONE_UNREACHABLE: {
        "et": "Telefoniga ei saadud ühendust. Kontrolli, et telefon on sees ja levis, ning "
        "proovi uuesti.",
        "en": "The phone could not be reached. Check that it is switched on and has coverage, "
        "and try again.",
    },
    Code.SIM_ERROR: {
        "et": "{service} SIM-kaart ei vastanud korrektselt. Pöördu oma mobiilioperaatori poole.",
        "en": "The {service} SIM card did not answer correctly. Please contact your mobile "
        "operator.",
    },
    Code.WRONG_PERSON: {
        "et": "Allkirjastaja ei ole see inimene, kes peab selle dokumendi allkirjastama.",
        "en": "The signer is not the person who is to sign this document.",
    },
    Code.CERTIFICATE_NOT_QUALIFIED: {
        "et": "{service} sertifikaat ei ole kvalifitseeritud allkirjastamise sertifikaat; "
        "sellega ei saa siin allkirjastada.",
        "en": "The {service} certificate is not a qualified signing certificate; it cannot "
        "sign here.",
    },
    Code.CERTIFICATE_EXPIRED: {
        "et": "{service} allkirjastamise sertifikaat ei kehti (see on aegunud või pole veel "
        "kehtima hakanud).",
        "en": "The {service} signing certificate is not valid (it has expired or is not yet "
        "valid).",
    },
    Code.CERTIFICATE_REVOKED: {
        "et": "{service} allkirjastamise sertifikaat on tühistatud.",
        "en": "The {service} signing certificate has been revoked.",
    },
    Code.CERTIFICATE_MISMATCH: {
        "et": "Telefonist saadud allkiri ei vasta valitud sertifikaadile. Allkirja ei lisatud.",
        "en": "The signature from the phone does not match the chosen certificate. No "
        "signature was added.",
    },
    Code.SERVICE_UNAVAILABLE: {
        "et": "{service} teenus ei ole praegu kättesaadav. Proovi mõne aja pärast uuesti.",
        "en": "The {service} service is not available at the moment. Please try again later.",
    },
    Code.CONFIGURATION: {
        "et": "{service} teenuse seadistus on vigane. Teata sellest süsteemi haldajale.",
        "en": "The {service} service is not set up correctly. Please tell the system "
        "administrator.",
    },
    Code.PROTOCOL_ERROR: {
        "et": "{service} teenus vastas ootamatult. Proovi uuesti.",
        "en": "The {service} service answered unexpectedly. Please try again.",
    },
    Code.SIGNING_FAILED: {
        "et": "Allkirja ei saanud dokumendile lisada.",
        "en": "The signature could not be added to the document.",
    },
}


class SkError(Exception):
    """A Smart-ID or Mobile-ID signing that cannot go on; start again after it."""

    def __init__(self, code: Code, service: Service, detail: str = "") -> None:
        super().__init__(f"{service}: {code}: {detail}" if detail else f"{service}: {code}")
        self.code = code
        self.service = service
        self.detail = detail

    def message(self, lang: Language = "et") -> str:
        return MESSAGES[self.code][lang].format(service=_SERVICE_NAMES[self.service][lang])
