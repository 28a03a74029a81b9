"""Placeboard: performance management and engagement for local partnerships."""

__version__ = "0.1.0"
