"""API endpoints: engagement (being written)."""

from ninja import Router

router = Router()
