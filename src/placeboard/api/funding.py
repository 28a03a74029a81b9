"""API endpoints: funding (being written)."""

from ninja import Router

router = Router()
