"""Batch entity resolution for person records: see docs/linking.md."""

from .csvio import BadRow, ResolveReport, resolve_csv
from .model import Model
from .resolve import Resolution, Settings, resolve_records

__all__ = ["BadRow", "Model", "Resolution", "ResolveReport", "Settings", "resolve_csv", "resolve_records"]
