"""Enlace: the operational tool of specialised anti-trafficking teams."""

__version__ = "0.1.0"
