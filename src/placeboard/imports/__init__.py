"""Imports and benchmarking."""
