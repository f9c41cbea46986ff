"""Message catalogs: one gettext .po file per report language (see gcm_report.report.messages)."""
