from pathlib import Path

import pytest

from tests.performance.conftest import build_indicators

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def data_file(name):
    path = DATA / name
    return path.name, path.read_bytes()


@pytest.fixture
def indicators(partnership):
    return build_indicators(partnership)
