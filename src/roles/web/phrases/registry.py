"""The registry upload's preview and confirm."""

TEXTS: dict[str, tuple[str, str]] = {
    "registry_preview": ("Mida fail muudaks", "What the file would change"),
    "registry_preview_hint": (
        "Fail {} on kontrollitud, midagi pole veel muudetud. Muudatusi kokku: {}.",
        "The file {} has been checked; nothing is changed yet. Changes in all: {}.",
    ),
    "registry_no_changes": (
        "Fail ei muudaks registris midagi.",
        "The file would change nothing in the registry.",
    ),
    "registry_more_changes": ("… ja veel {} muudatust.", "… and {} more changes."),
    "registry_confirm": ("Asenda register failiga", "Replace the registry with the file"),
    "registry_confirm_question": (
        "Kas asendada kogu omavalitsuse register selle failiga?",
        "Replace the municipality's whole registry with this file?",
    ),
    "registry_cancel": ("Loobu", "Cancel"),
    "registry_changed_meanwhile": (
        "Registrit muudeti pärast eelvaadet. Vaata muudatused uuesti üle ja kinnita siis.",
        "The registry changed after the preview. Look at the changes again, then confirm.",
    ),
}
