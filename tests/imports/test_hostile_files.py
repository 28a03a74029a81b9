"""Hostile XLSX files (a zip bomb, XML entities, broken archives) are refused with a plain message, on the web
and on the command line, without a 500, a traceback or anything saved."""

import io
import os
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.cli import main
from placeboard.imports.models import ImportBatch
from placeboard.imports.readers import ReadError, read_table
from placeboard.performance.models import Observation
from tests.imports.conftest import data_file

SHARED_STRINGS_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                       'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def _good_members():
    _, data = data_file("actuals_good.xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members, big=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name != big:
                archive.writestr(name, content)
        if big:
            # 110 MB of one repeated row, written in 1 MB pieces: it compresses to about 110 KB.
            with archive.open(big, "w", force_zip64=True) as member:
                member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             b"<sheetData>")
                piece = b'<row><c t="inlineStr"><is><t>ha</t></is></c></row>' * (1024 * 1024 // 50)
                for _ in range(110):
                    member.write(piece)
                member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _with_shared_strings(xml):
    members = _good_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", SHARED_STRINGS_TYPE.encode() + b"</Types>")
    members["xl/sharedStrings.xml"] = xml.encode()
    return _zip(members)


def zip_bomb():
    return _zip(_good_members(), big="xl/worksheets/sheet1.xml")


def external_entity():
    return _with_shared_strings(
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&xxe;</t></si></sst>")


def billion_laughs():
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return _with_shared_strings(
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>")


def truncated():
    _, data = data_file("actuals_good.xlsx")
    return data[: len(data) // 2]


def not_a_workbook():
    return _zip({"hello.txt": b"Hello", "notes/readme.md": b"# Notes"})


def missing_workbook_part():
    members = _good_members()
    del members["xl/workbook.xml"]
    return _zip(members)


def malformed_xml():
    members = _good_members()
    members["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row>"
    return _zip(members)


HOSTILE = {
    "zip_bomb": (zip_bomb, "The workbook would expand to 110 MB, more than the 100 MB limit."),
    "external_entity": (external_entity, "The workbook's XML declares entities or refers to outside files"),
    "billion_laughs": (billion_laughs, "The workbook's XML declares entities or refers to outside files"),
    "truncated": (truncated, "This is not a readable XLSX file (BadZipFile)"),
    "not_a_workbook": (not_a_workbook, "This zip file is not an Excel workbook."),
    "missing_workbook_part": (missing_workbook_part, "This is not a readable XLSX file"),
    "malformed_xml": (malformed_xml, "This is not a readable XLSX file"),
}


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if openpyxl is asked to parse the file."""
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl parsed a file the zip directory should have refused")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_zip_bomb_is_refused_from_the_zip_directory_alone(no_parsing):
    data = zip_bomb()
    assert len(data) < 1024 * 1024
    with pytest.raises(ReadError) as caught:
        read_table("actuals.xlsx", data)
    assert str(caught.value) == "actuals.xlsx: The workbook would expand to 110 MB, more than the 100 MB limit."


def test_limits_are_settings_read_when_used(settings, no_parsing):
    data = _zip(_good_members())
    settings.IMPORT_XLSX_MAX_MEMBERS = 5
    with pytest.raises(ReadError, match="holds 9 files, more than the 5 limit"):
        read_table("actuals.xlsx", data)
    settings.IMPORT_XLSX_MAX_MEMBERS = 1000
    settings.IMPORT_XLSX_MAX_MEMBER_BYTES = 5000
    with pytest.raises(ReadError, match=r"part xl/theme/theme1.xml would expand to 10 KB, more than the 5 KB limit"):
        read_table("actuals.xlsx", data)


def test_compression_ratio_limit(settings, no_parsing):
    members = _good_members()
    members["xl/worksheets/sheet1.xml"] = b"<a/>" + b" " * (2 * 1024 * 1024)
    with pytest.raises(ReadError, match="would expand [0-9,]+ times its compressed size, more than the 100 times"):
        read_table("actuals.xlsx", _zip(members))


def test_a_good_workbook_still_reads():
    table = read_table(*data_file("actuals_good.xlsx"))
    assert table.header[0] == "indicator" and table.rows


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_on_the_web(as_user, indicators, name):
    make, message = HOSTILE[name]
    client = as_user("officer")
    count = Observation.objects.count()
    response = client.post(reverse("import_start", args=["testshire"]),
                           {"kind": "actuals", "file": SimpleUploadedFile("actuals.xlsx", make())})
    assert response.status_code in (200, 302)
    for batch in ImportBatch.objects.all():
        preview = client.get(reverse("import_preview", args=["testshire", batch.pk]))
        assert preview.status_code == 200
        text = preview.content.decode().replace("&#x27;", "'")
        assert "actuals.xlsx has 1 problem; nothing was saved" in text and message in text
        confirm = client.post(reverse("import_confirm", args=["testshire", batch.pk]))
        assert confirm.status_code in (200, 302)
    if response.status_code == 200:  # refused by the upload form itself
        assert "actuals.xlsx" in response.content.decode() or not ImportBatch.objects.exists()
    assert Observation.objects.count() == count


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_refused_on_the_command_line(indicators, tmp_path, capsys, name):
    make, message = HOSTILE[name]
    path = tmp_path / "actuals.xlsx"
    path.write_bytes(make())
    count = Observation.objects.count()
    assert main(["import", "actuals", str(path), "--partnership", "testshire"]) == 2
    err = capsys.readouterr().err
    assert "actuals.xlsx: " + message in err and "Traceback" not in err
    assert Observation.objects.count() == count


@pytest.mark.parametrize(("value", "message"), [("abc", "must be a whole number, not 'abc'"),
                                                 ("0", "must be a positive whole number, not 0")])
def test_a_bad_limit_in_the_environment_fails_loudly(value, message):
    env = {**os.environ, "SECRET_KEY": "k" * 50, "IMPORT_XLSX_MAX_RATIO": value}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", "import placeboard.settings"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0 and f"IMPORT_XLSX_MAX_RATIO {message}" in result.stderr
