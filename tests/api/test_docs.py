"""The curl examples of docs/api.md's "REST API" section, each run as the request it makes."""

import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import issue
from tests.api.test_actions import plan  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def curl_commands():
    section = DOC.read_text().split("\n## REST API\n", 1)[1].split("\n## ", 1)[0]
    for block in re.findall(r"```bash\n(.*?)```", section, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("curl "):
                yield shlex.split(line)


def request(args, values):
    args = args[1:]
    for name, value in values.items():
        args = [arg.replace(f"${name}", value) for arg in args]
    headers, data, url = {}, None, None
    while args:
        arg = args.pop(0)
        if arg == "-H":
            name, value = args.pop(0).split(": ", 1)
            headers[name] = value
        elif arg in ("-d", "--data"):
            data = args.pop(0)
        else:
            assert not arg.startswith("-"), f"the test does not know curl's {arg}"
            url = arg
    parts = urlsplit(url)
    return ("POST" if data is not None else "GET"), parts.path + (f"?{parts.query}" if parts.query else ""), \
        headers, data


def test_every_example_runs(client, personas, indicators, plan):  # noqa: F811  (plan: a fixture)
    # The provider is the police's: it enters the treatment indicator's actuals and updates the burglary tasks.
    values = {"TOKEN": issue(personas["provider"])[1], "INDICATOR": str(indicators["treatment"].pk),
              "TASK": str(plan["a"].pk), "ROUND": str(plan["round"].pk)}
    commands = list(curl_commands())
    assert len(commands) == 6
    for command in commands:
        method, path, headers, data = request(command, values)
        extra = {"headers": headers}
        if method == "POST":
            response = client.post(path, data, content_type=headers.pop("Content-Type"), **extra)
        else:
            response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.content)
        assert response.json()
