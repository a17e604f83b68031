"""The draft editor: sections (reorder, delete), clauses (numbering, text, desired result),
reorder, indent, add from the clause library, requirements (every way to qualify, languages,
licences, skills); approve and discard.

Works without JavaScript: the whole draft is one form. Buttons that reshape it (move, indent,
add, delete, renumber) send the form back and get it re-rendered with the change, unsaved;
"Save" validates and stores it through `descriptions.save_draft` with the ETag the editing
started from (a change by someone else in between is answered with a conflict, not lost).
Messages stand beside the fields they are about.

`form` holds the form's types, `convert` turns drafts into forms and back, `operations` is
what the buttons do, `pages` the handlers.
"""

from roles.web.editor.pages import EditorPages

__all__ = ["EditorPages"]
