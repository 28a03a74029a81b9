"""A file of many bad rows keeps and lists the first KEPT_PROBLEMS problems, with how many there are in all."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placeboard.imports import previews
from placeboard.imports.models import ImportBatch


def test_a_file_of_many_bad_rows_lists_the_first_and_counts_the_rest(as_user, indicators, monkeypatch):
    monkeypatch.setattr(previews, "KEPT_PROBLEMS", 5)
    rows = "".join(f"CYP 36,2006/07 Q1,,,seventy{n},provisional,\n" for n in range(12))
    data = ("indicator,period,area,population_group,value,status,note\n" + rows).encode()
    client = as_user("officer")
    response = client.post(reverse("import_start", args=["testshire"]),
                           {"kind": "actuals", "file": SimpleUploadedFile("many.csv", data)})
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    page = client.get(reverse("import_preview", args=["testshire", batch.pk])).content.decode()
    assert "many.csv has 12 problems; nothing was saved" in page
    assert page.count("is not a number.") == 5
    assert "The first 5 are listed; there are 7 more." in page
    batch.refresh_from_db()
    stored = batch.preview
    assert len(stored["problems"]) == 5 and stored["problem_count"] == 12


def test_a_preview_stored_before_the_cap_still_reads(indicators):
    preview = previews.Preview.from_json({"kind": "actuals", "file": "old.csv", "rows": 1, "counts": {},
                                          "problems": [{"file": "old.csv", "sheet": "", "row": 2, "column": "value",
                                                        "message": "bad"}], "shown": []})
    assert preview.problem_count == 1 and preview.more_problems == 0 and not preview.ok
