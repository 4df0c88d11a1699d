"""The names of the files in a data folder (imports nothing, so anything may use them early)."""

DB_FILENAME = "kemitraan.sqlite3"
ATTACHMENTS_DIRNAME = "lampiran"
BACKUP_DIRNAME = "backups"
AUTO_BACKUP_PREFIX = "otomatis-"
AUTO_BACKUP_GLOB = f"{AUTO_BACKUP_PREFIX}*.sqlite3"
AUDIT_ANCHOR_FILENAME = "audit-anchor.json"
