"""Encrypted online backups of the database and stored files, and their restore (docs/operations.md)."""
