"""The use cases: what a person can ask of the service, whichever face they ask through.

No Litestar, click or Jinja here: a service takes plain values (a `Caller`, ids, Structs) and
answers plain values or raises one of `errors`; the faces (`roles.api`, `roles.web`,
`roles.cli`) translate to and from them. Every read starts from a `Workspace` snapshot seen
through the caller's view (`views`); every change goes through `Workspace.edit` or a
transaction of its own, with its audit entries in the same transaction.
"""
