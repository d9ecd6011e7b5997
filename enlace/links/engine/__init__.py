"""Batch entity resolution for person records (issue 4): see docs/linking.md."""

from .model import Model
from .resolve import Resolution, Settings, resolve_records

__all__ = ["Model", "Resolution", "Settings", "resolve_records"]
