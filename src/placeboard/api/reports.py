"""API endpoints: reports (being written)."""

from ninja import Router

router = Router()
