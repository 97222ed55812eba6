"""Documents the bot drafts for people to review and send: the cluster's report (.docx)."""
