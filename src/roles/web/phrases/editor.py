"""The editor's phrases: conflicts kept side by side, approval in one step, depth limits."""

from roles.domain.limits import MAX_CLAUSE_DEPTH

TEXTS: dict[str, tuple[str, str]] = {
    "conflict_kept": (
        "Keegi salvestas selle mustandi pärast seda, kui sa selle avasid. Sinu sisestatu on "
        "alles; salvestatud versioon on näidatud iga erineva punkti juures. Vali kumbki pool "
        "ja salvesta.",
        "Someone saved this draft after you opened it. What you typed is kept; the stored "
        "version is shown beside each clause that differs. Take either side, then save.",
    ),
    "conflict_take_all": (
        "Loobu oma muudatustest ja ava salvestatud versioon",
        "Drop your changes and open the stored version",
    ),
    "conflict_stored": ("Salvestatud:", "Stored:"),
    "conflict_take": ("Võta salvestatud", "Take the stored one"),
    "conflict_stored_more": (
        "Salvestatud versioonis on selles osas veel punkte:",
        "The stored version has more clauses in this section:",
    ),
    "conflict_take_rest": ("Lisa need punktid", "Add these clauses"),
    "conflict_take_section": ("Lisa salvestatud osa „{}“", "Add the stored section “{}”"),
    "approve_saves": (
        "Kinnitamine salvestab ka selle, mida oled eespool muutnud.",
        "Approving also saves what you changed above.",
    ),
    "in_force_from": ("Jõustub", "In force from"),
    "in_force_from_hint": (
        "kui hiljem kui kinnitamise päev",
        "when later than the day of approval",
    ),
    "depth_limit": (
        f"Punkte saab liigendada kuni {MAX_CLAUSE_DEPTH} tasandit; seda punkti ei saa rohkem "
        "taandada.",
        f"Clauses nest at most {MAX_CLAUSE_DEPTH} levels; this clause cannot be indented further.",
    ),
    "indent_needs_clause_above": (
        "Punkti saab taandada ainult samal tasandil oleva punkti alla.",
        "A clause can only be indented under a clause on its level above it.",
    ),
    "status_draft_heading": ("Mustand", "Draft"),
    "status_future_heading": ("Jõustub {}", "In force from {}"),
    "in_force_since": ("kehtib alates {}", "in force since {}"),
    "download_container": (
        "Laadi alla ASiC-E konteiner (allkirjadeta)",
        "Download the ASiC-E container (not signed)",
    ),
    "download_signed_asice": (
        "Laadi alla allkirjastatud ASiC-E konteiner",
        "Download the signed ASiC-E container",
    ),
    "server_error_message": (
        "Serveris tekkis viga; midagi ei muudetud. Proovi hiljem uuesti.",
        "The server failed; nothing was changed. Try again later.",
    ),
    "discarded": ("Mustandist on loobutud.", "The draft was discarded."),
    "editor_draft_gone": (
        "Seda ei salvestatud: kavand, mida muutsid, kustutati vahepeal. Sinu sisestatu on all "
        "alles, nüüd ametikoha kavandis (versioon {}); vaata see üle ja salvesta.",
        "This was not saved: the draft you were editing was discarded meanwhile. What you typed "
        "is below, now in the position's draft (version {}); look it over and save.",
    ),
    "editor_not_a_draft": (
        "Seda ei salvestatud: versioon {} on vahepeal kinnitatud ja seda enam ei muudeta. "
        "Sinu sisestatu on all alles; alusta ametikoha lehel uut versiooni ja kanna oma "
        "muudatused sinna.",
        "This was not saved: version {} was approved meanwhile and is no longer changed. "
        "What you typed is below; start a new version on the position's page and carry your "
        "changes over.",
    ),
}
