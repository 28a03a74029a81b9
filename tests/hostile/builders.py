"""Hostile files, made in code. The import tests' own builders and files are reused rather than copied."""

import io
from functools import cache

from openpyxl import Workbook

from tests.imports.conftest import DATA, data_file
from tests.imports.test_hostile_files import billion_laughs, external_entity, truncated
from tests.imports.test_hostile_files import zip_bomb as _zip_bomb

zip_bomb = cache(_zip_bomb)  # 110 MB to compress: made once for the web and the command line

__all__ = ["billion_laughs", "external_entity", "truncated", "zip_bomb", "data", "csv", "xlsx", "JUNK", "PDF",
           "PNG", "JPEG", "SVG", "HTML", "HUGE", "ACTUALS", "data_file_pb"]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 16
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
# Bytes that are no text encoding and no file format: every byte value, NULs and high bytes included.
JUNK = bytes(range(256)) * 16
HUGE = "9" * 30  # beyond any integer column, on any database
ACTUALS = "indicator,period,value"


def data(name):
    """The bytes of one of the import tests' committed files (tests/data/imports)."""
    return data_file(name)[1]


def csv(*lines, encoding="utf-8"):
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx(*rows, merge=None):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()



def data_file_pb():
    """The Pabulib test file (tests/data/pabulib): ballots in the research community's format, not an import."""
    return (DATA.parent / "pabulib" / "equalshares_net_example_2.pb").read_bytes()
