"""The answers of the questions in qt/prompts.py and the actions of the notice bar's buttons:
plain strings, one set, so that the Document (which asks through prompts and never imports a
dialog) and the prompts name them alike."""

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
OVERWRITE, DIFF, SAVE_AS = "overwrite", "diff", "save-as"
WRITE_TARGET, REPLACE_LINK = "write-target", "replace-link"
RELOAD, KEEP, MERGE = "reload", "keep", "merge"
RESTORE, DISMISS = "restore", "dismiss"
