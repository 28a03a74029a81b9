import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.core.test_home_pages import *  # noqa

def test_dump(as_user, partnership, personas, figures, tasks, manager):
    viewer = personas["viewer"]
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.DATA_PROVIDER,
                        organisation=Organisation.objects.get(name="Testshire Police"))
    Role.objects.create(user=viewer, partnership=partnership, kind=Role.Kind.THEME_LEAD,
                        group=Group.objects.get(name="Safer Communities Group"))
    client = as_user("viewer")
    with CaptureQueriesContext(connection) as ctx:
        home(client, partnership)
    for q in ctx.captured_queries:
        print("Q", q["sql"][:160])
