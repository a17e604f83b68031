"""The roles a signature claims (XAdES SignerRole): what the signer did by signing."""

APPROVE = "KINNITAN"  # the head approving a job description, with their position beside it
ACKNOWLEDGED = ("Tutvunud ametijuhendiga",)  # an employee acknowledging theirs
