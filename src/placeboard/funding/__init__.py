"""Funding and participatory budgeting."""
