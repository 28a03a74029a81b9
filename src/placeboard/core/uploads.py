"""Checking uploaded files and serving stored ones, shared by board papers, bid attachments and project photos.

Files are kept in the database (BinaryField), so a site needs no file storage. A file is accepted only if its
extension is allowed, its first bytes match that type (a renamed file is caught), and it fits the size limit."""

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def _starts(*prefixes):
    return lambda head: any(head.startswith(p) for p in prefixes)


def _webp(head):
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


ZIP = _starts(b"PK\x03\x04")


@dataclass(frozen=True)
class FileTypes:
    """Allowed extensions, each with its content type and a check of the first bytes (None: UTF-8 text)."""

    types: dict
    description: str  # for messages: "upload <description>"

    def __contains__(self, extension):
        return extension in self.types

    def __getitem__(self, extension):
        return self.types[extension]

    @property
    def accept(self):
        return ",".join(f".{e}" for e in self.types)


DOCUMENTS = FileTypes({
    "pdf": ("application/pdf", _starts(b"%PDF-")),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}, "a PDF, .docx, .odt, .xlsx, .csv or .txt file")

# No SVG: it can carry script.
IMAGES = FileTypes({
    "jpg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _starts(b"\xff\xd8\xff")),
    "png": ("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "webp": ("image/webp", _webp),
}, "a JPEG, PNG or WebP image")

DOCUMENTS_AND_IMAGES = FileTypes({**DOCUMENTS.types, **IMAGES.types},
                                 "a PDF, .docx, .odt, .xlsx, .csv or .txt file, or a JPEG, PNG or WebP image")


def max_bytes():
    """The size limit, read when used so a test or a deployment can change it."""
    return getattr(settings, "UPLOAD_MAX_BYTES", 5 * 1024 * 1024)


def describe_size(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def clean_filename(name):
    """The name without any folder, quotes or control characters, short enough to store."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = re.sub(r'[\x00-\x1f\x7f"]', "", name).strip() or "file"
    return name[-200:]


@dataclass
class CheckedFile:
    filename: str
    content: bytes
    content_type: str
    extension: str


def check_upload(upload, types, *, limit=None, noun="file"):
    """A CheckedFile, or a ValidationError naming the file and saying what is wrong."""
    limit = max_bytes() if limit is None else limit
    name = clean_filename(upload.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in types:
        raise ValidationError(f"{name} is not a type of {noun} we accept: upload {types.description}.")
    if upload.size > limit:
        raise ValidationError(f"{name} is {describe_size(upload.size)}; {noun}s can be up to {describe_size(limit)}.")
    if not upload.size:
        raise ValidationError(f"{name} is empty.")
    upload.seek(0)
    content = upload.read()
    content_type, check = types[extension]
    if check is not None and not check(content[:16]):
        raise ValidationError(f"{name} does not look like a .{extension} file.")
    if check is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(f"{name} is not a plain text file.") from None
    return CheckedFile(name, content, content_type, extension)


class MultipleFileInput(forms.FileInput):
    """A file input that takes several files (Django's documented way; no JavaScript needed)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; clean() gives a list, empty when none were chosen."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        # Each file is checked by check_upload, whose messages name the file.
        files = [d for d in (data if isinstance(data, (list, tuple)) else [data]) if d]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


def file_response(content, content_type, filename, *, inline=False):
    """A stored file with its own type, never sniffed; documents download, images may show in the page."""
    response = HttpResponse(bytes(content), content_type=content_type)
    # Django's header quotes the name, and keeps a name that is not ASCII (RFC 6266 filename*).
    response["Content-Disposition"] = content_disposition_header(not inline, clean_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    return response
