"""Outgoing documents: drafts and their versions, the review chain, signing, numbering, issuance,
delivery to recipients and recall."""
