"""The ways an input reaches Placeboard: web pages (as a resident or a signed-in persona) and the command line.

Each channel sends one input and returns an Answer: the status (the command line's exit status 2 counts as 400)
and the text a person would read, with HTML entities decoded so that messages can be matched as written."""

import html
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.cli import main
from placeboard.imports.models import ImportBatch

EXIT_STATUS = {0: 200, 2: 400}  # anything else from the command line counts as a server error


@dataclass
class Answer:
    status: int
    text: str


def _answer(response):
    return Answer(response.status_code, html.unescape(response.content.decode("utf-8", "replace")))


def _ready(world, persona):
    """The client to send with, signed in first; then the row counts are taken (World.sent)."""
    client = world.client(persona)
    world.sent()
    return client


def _slug(world):
    return world.partnership.slug


def _bytes(content):
    """Large or slow files are given as functions, so they are made only when their case runs."""
    return content() if callable(content) else content


def files(*pairs):
    return [SimpleUploadedFile(name, _bytes(content)) for name, content in pairs]


# Imports: the upload keeps the file as a batch to preview (by design, the one row an upload adds); the preview
# lists the problems and confirming must save nothing.
IMPORT_STAGING = {"imports.ImportBatch"}


def _import_world(world, kind):
    return world.reporting if kind == "return" else world.indicators


def import_web(world, kind, name, content, persona="officer"):
    _import_world(world, kind)
    content = _bytes(content)
    client = _ready(world, persona)
    seen = set(ImportBatch.objects.values_list("pk", flat=True))
    response = client.post(reverse("import_start", args=[_slug(world)]),
                           {"kind": kind, "file": SimpleUploadedFile(name, content)})
    answers = [_answer(response)]
    for batch in ImportBatch.objects.exclude(pk__in=seen):
        answers.append(_answer(client.get(reverse("import_preview", args=[_slug(world), batch.pk]))))
        answers.append(_answer(client.post(reverse("import_confirm", args=[_slug(world), batch.pk]), follow=True)))
    return Answer(max(a.status for a in answers), "\n".join(a.text for a in answers))


def import_cli(world, kind, name, content):
    _import_world(world, kind)
    world.sent()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(_bytes(content))
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["import", kind, str(path), "--partnership", _slug(world)])
    text = err.getvalue() + out.getvalue()
    return Answer(500 if "Traceback" in text else EXIT_STATUS.get(code, 500), text)


def bid(world, uploads=(), **fields):
    data = {"title": "Skate park", "applicant": "Youth Forum", "contact_email": "youth@example.org",
            "amount": "£60", "description": "Repairs to the ramps.", "area": "", "attachment_url": "",
            "files": files(*uploads), **fields}
    url = reverse("public_bid", args=[_slug(world), world.bid_round.pk])
    return _answer(_ready(world, "anonymous").post(url, data))


def photo(world, name, content, alt="Children on the new swings"):
    bid_ = world.funded
    prefix = f"bid{bid_.pk}-"
    data = {prefix + "date": "2026-01-05", prefix + "progress": "in_progress", prefix + "spent": "25",
            prefix + "note": "Ground works done", prefix + "photo_1": SimpleUploadedFile(name, _bytes(content)),
            prefix + "alt_1": alt}
    url = reverse("bid_progress", args=[_slug(world), bid_.round_id, bid_.pk])
    return _answer(_ready(world, "officer").post(url, data, follow=True))


def postcodes(world, name, content):
    url = reverse("area_postcodes", args=[_slug(world), world.north.pk])
    return _answer(_ready(world, "officer").post(url, {"file": SimpleUploadedFile(name, _bytes(content))}))


def issue(world, **fields):
    data = {"title": "Pothole on Station Road", "description": "A deep hole by the bus stop.",
            "area": world.north.pk, "category": world.category.pk, "location": "Station Road",
            "reporter_name": "Ann Resident", "reporter_email": "ann@example.org", "website": "", **fields}
    return _answer(_ready(world, "anonymous").post(reverse("public_issue_new", args=[_slug(world)]), data))


def vote_request(world, **fields):
    url = reverse("public_vote_request", args=[_slug(world), world.voting_round.pk])
    return _answer(_ready(world, "anonymous").post(url, {"email": "voter@example.org", **fields}))


def vote_code(world, code):
    url = reverse("public_vote_code", args=[_slug(world), world.voting_round.pk])
    return _answer(_ready(world, "anonymous").post(url, {"code": code}))


def ballot(world, bids):
    """Casts a hostile choice with the round's real voting code, typed in before the row counts were taken."""
    url = reverse("public_ballot", args=[_slug(world), world.voting_round.pk])
    bids = [choice(world) if callable(choice) else choice for choice in bids]
    return _answer(_ready(world, "voter").post(url, {"bids": bids}))


def ballot_total(world, bids):
    url = reverse("public_ballot_total", args=[_slug(world), world.voting_round.pk])
    return _answer(_ready(world, "anonymous").post(url, {"bids": bids}))


def page(world, path, params=None, persona="anonymous", data=None):
    """A GET (or a POST when data is given) of a path; path may be a function of the world, for ids."""
    path = path(world) if callable(path) else path
    client = _ready(world, persona)
    response = client.get(path, params or {}) if data is None else client.post(path, data)
    return _answer(response)


def _multipart(fields, file_field, filename, content):
    """A form body written by hand, so a file name reaches the server as sent (the test client keeps only the
    last part of a path, as browsers do; an attacker's script need not)."""
    boundary = "hostile-boundary-7f3a"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def raw_file(world, target, filename, content):
    """A file whose name is sent untouched: to the postcode list or with a bid."""
    slug = _slug(world)
    if target == "postcodes":
        persona, url, fields, name = "officer", reverse("area_postcodes", args=[slug, world.north.pk]), {}, "file"
    else:
        persona, url, name = "anonymous", reverse("public_bid", args=[slug, world.bid_round.pk]), "files"
        fields = {"title": "Skate park", "applicant": "Youth Forum", "contact_email": "youth@example.org",
                  "amount": "60", "description": "Repairs to the ramps."}
    body, content_type = _multipart(fields, name, filename, _bytes(content))
    client = _ready(world, persona)
    return _answer(client.post(url, body, content_type=content_type))
