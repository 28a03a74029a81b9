"""API endpoints: benchmarking (being written)."""

from ninja import Router

router = Router()
