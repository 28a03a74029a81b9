"""Engagement."""
