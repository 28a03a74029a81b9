"""API endpoints: actions (being written)."""

from ninja import Router

router = Router()
