"""Phrases of the signing pages: approving by one's own signature, signing with Smart-ID and
Mobile-ID, the signing session's page, verification reports, seals."""

TEXTS: dict[str, tuple[str, str]] = {
    "sign_approve_heading": ("Kinnita oma allkirjaga", "Approve with your own signature"),
    "sign_approve_intro": (
        "Allkirjastad ametijuhendi sellisena, nagu see kinnitatakse (DOCX ja PDF/A), rollidega "
        "„KINNITAN“ ja sinu ametinimetus. Versioon kinnitatakse, kui allkiri on antud ja kehtiv.",
        "You sign the job description as it will be approved (DOCX and PDF/A), with the roles "
        "“KINNITAN” and your position. The version is approved once the signature is given "
        "and valid.",
    ),
    "sign_approve_link": (
        "Kinnita oma allkirjaga (ID-kaart, Smart-ID, Mobiil-ID)",
        "Approve with your own signature (ID card, Smart-ID, Mobile-ID)",
    ),
    "sign_approve_short": ("Kinnita allkirjaga", "Approve by signature"),
    "sign_webeid_intro": (
        "Pane ID-kaart lugejasse ja vajuta nuppu; Web eID küsib sertifikaadi valikut ja PIN2.",
        "Put the ID card in the reader and press the button; Web eID asks you to choose the "
        "certificate and enter PIN2.",
    ),
    "sign_webeid_button": (
        "Allkirjasta ID-kaardiga ja kinnita",
        "Sign with the ID card and approve",
    ),
    "sign_webeid_looking": ("Otsin Web eID laiendust…", "Looking for the Web eID extension…"),
    "sign_webeid_missing": (
        "Web eID laiendust ei leitud, seega ID-kaardiga siin allkirjastada ei saa. Paigalda "
        "ID-kaardi tarkvara koos Web eID laiendusega (id.ee) ja laadi leht uuesti või allkirjasta "
        "Smart-ID või Mobiil-ID-ga.",
        "The Web eID extension was not found, so the ID card cannot sign here. Install the ID "
        "card software with the Web eID extension (id.ee) and reload the page, or sign with "
        "Smart-ID or Mobile-ID.",
    ),
    "sign_webeid_needs_script": (
        "ID-kaardiga allkirjastamiseks on vaja JavaScripti ja Web eID laiendust; Smart-ID ja "
        "Mobiil-ID töötavad ka ilma.",
        "Signing with the ID card needs JavaScript and the Web eID extension; Smart-ID and "
        "Mobile-ID work without.",
    ),
    "sign_webeid_no_by": (
        "Kirjuta kinnitaja ametinimetus (nt „Tamme vallavanem“).",
        "Write the approver's position (e.g. “Tamme vallavanem”).",
    ),
    "sign_webeid_changed": (
        "Mustandit muudeti pärast selle lehe avamist: midagi ei kinnitatud. Ava leht uuesti.",
        "The draft changed after this page was opened: nothing was approved. Open the page again.",
    ),
    "sign_webeid_refused": (
        "Teenus ei alustanud allkirjastamist: midagi ei kinnitatud. Proovi uuesti.",
        "The service did not start the signing: nothing was approved. Try again.",
    ),
    "sign_method": ("Allkirjastamise viis", "Signing method"),
    "sign_method_smart-id": ("Smart-ID", "Smart-ID"),
    "sign_method_mobile-id": ("Mobiil-ID", "Mobile-ID"),
    "sign_method_web-eid": ("ID-kaart (Web eID)", "ID card (Web eID)"),
    "sign_personal_code": ("Isikukood", "Personal identification code"),
    "sign_phone": ("Telefoninumber (+372…)", "Phone number (+372…)"),
    "sign_start": ("Allkirjasta", "Sign"),
    "sign_none_offered": (
        "Smart-ID ja Mobiil-ID ei ole selles teenuses seadistatud.",
        "Smart-ID and Mobile-ID are not set up in this service.",
    ),
    "sign_with_phone": ("Allkirjasta Smart-ID või Mobiil-ID-ga", "Sign with Smart-ID or Mobile-ID"),
    "sign_session_title": ("Allkirjastamine", "Signing"),
    "sign_running": ("Ootan allkirja telefonist…", "Waiting for the signature on the phone…"),
    "sign_choose_certificate": (
        "Vali telefonis oma allkirjastamise sertifikaat.",
        "Choose your signing certificate on your phone.",
    ),
    "sign_check_code": (
        "Kontrollkood: {}. Veendu, et telefon näitab sama koodi, ja sisesta PIN2.",
        "Verification code: {}. Check that your phone shows the same code, then enter PIN2.",
    ),
    "sign_refresh": ("Värskenda", "Refresh"),
    "sign_refresh_hint": (
        "Leht värskendab end ise; kui ei, vajuta „Värskenda“.",
        "The page refreshes itself; if it does not, press “Refresh”.",
    ),
    "sign_done_approval": (
        "Allkirjastatud: versioon on kinnitatud.",
        "Signed: the version is approved.",
    ),
    "sign_done_acknowledgement": (
        "Allkirjastatud: oled ametijuhendiga tutvunud.",
        "Signed: you have acknowledged the job description.",
    ),
    "sign_done_not_yours": (
        "Allkiri lisati, kuid allkirjastaja isikukood ei ole sinu oma registris: tutvumist ei "
        "märgitud.",
        "The signature was added, but the signer's personal code is not yours in the registry: "
        "no acknowledgement was recorded.",
    ),
    "sign_failed": ("Allkirjastamine ei õnnestunud", "The signing did not succeed"),
    "sign_back_editor": ("Tagasi mustandi juurde", "Back to the draft"),
    "sign_back_me": ("Tagasi minu ametijuhendi juurde", "Back to my job description"),
    "sign_open_version": ("Ava versioon", "Open the version"),
    "download_unsigned_asice": ("Laadi alla .asice (allkirjata)", "Download .asice (unsigned)"),
    "no_seal_note": (
        "Selle asutuse dokumentidele ei panda e-templit (templit pole seadistatud).",
        "This agency's documents get no e-seal (no seal is set up).",
    ),
    "verify_title": ("Kontrolli allkirjastatud konteinerit", "Check a signed container"),
    "verify_intro": (
        "Laadi üles .asice-konteiner: näed iga allkirja kehtivust, allkirjastajat, koodi, rolli, "
        "aega ja taset ning iga faili ja seda, millised allkirjad seda katavad.",
        "Upload an .asice container: you see each signature's validity, signer, code, role, "
        "time and level, and every file with the signatures covering it.",
    ),
    "verify_file": ("Konteiner (.asice)", "Container (.asice)"),
    "verify_submit": ("Kontrolli", "Check"),
    "verify_unreadable": ("Konteinerit ei saa lugeda: {}", "The container cannot be read: {}"),
    "report_container": ("Konteiner", "Container"),
    "report_status_valid": ("kehtiv", "valid"),
    "report_status_valid-with-warnings": ("kehtiv, hoiatustega", "valid with warnings"),
    "report_status_indeterminate": ("määramata", "indeterminate"),
    "report_status_invalid": ("kehtetu", "invalid"),
    "report_signatures": ("Allkirjad", "Signatures"),
    "report_signer": ("Allkirjastaja", "Signer"),
    "report_code": ("Isiku- või registrikood", "Personal or registry code"),
    "report_roles": ("Roll", "Role"),
    "report_time": ("Aeg", "Time"),
    "report_level": ("Tase", "Level"),
    "report_profile": ("Profiil", "Profile"),
    "report_problems": ("Leitud probleemid", "Problems found"),
    "report_files": ("Failid", "Files"),
    "report_file": ("Fail", "File"),
    "report_size": ("Suurus", "Size"),
    "report_covered_by": ("Katavad allkirjad", "Covered by"),
    "report_uncovered": ("ükski allkiri ei kata", "no signature covers it"),
    "report_changed": ("MUUDETUD pärast allkirjastamist", "CHANGED after signing"),
    "report_none": ("Konteineris pole allkirju.", "The container holds no signatures."),
}
