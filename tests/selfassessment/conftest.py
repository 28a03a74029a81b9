from tests.performance.conftest import indicators  # noqa: F401  (the seed indicators fixture)
