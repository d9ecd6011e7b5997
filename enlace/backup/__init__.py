"""Encrypted online backups of the database and stored files, and their restore (docs/operations-backup.md)."""
