"""Postcode lists for areas: normalising, reading a CSV, matching within the area tree, the import page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placeboard.core.demo import DEMO_POSTCODES, load_demo_data
from placeboard.core.models import Area, AreaPostcode, AuditEvent, Partnership
from placeboard.core.postcodes import (
    PostcodeFileError,
    area_has_postcodes,
    area_ids_within,
    normalise_postcode,
    postcode_in_area,
    read_postcode_csv,
    replace_area_postcodes,
)
from tests.personas import ALL, MANAGERS, expected

# ---------------------------------------------------------------------------------------------
# Normalising


@pytest.mark.parametrize("text, normal", [
    ("SN15 1ER", "SN15 1ER"),
    ("sn151er", "SN15 1ER"),
    ("  Sn15   1eR ", "SN15 1ER"),
    ("sn1\t51er", "SN15 1ER"),
    ("SN15\u00a01ER", "SN15 1ER"),  # a non-breaking space, as pasted from a web page
    ("M1 1AE", "M1 1AE"),
    ("B338TH", "B33 8TH"),
    ("CR2 6XH", "CR2 6XH"),
    ("W1A 1AA", "W1A 1AA"),
    ("EC1A 1BB", "EC1A 1BB"),
    ("DN55 1PT", "DN55 1PT"),
    ("gir0aa", "GIR 0AA"),
    ("GIR 0AA", "GIR 0AA"),
])
def test_normalise_examples(text, normal):
    assert normalise_postcode(text) == normal


@pytest.mark.parametrize("text", [
    "SN15 XYZ", "SN15", "1ER", "12345", "SN15-1ER", "SN15 1ER X", "not a postcode",
    "QN15 1ER",  # no Q first
    "SJ15 1ER",  # no J second
    "SN15 1CI",  # no C or I in the inward code
    "SN1Z 1ER",  # an AA9A outward code's last letter is never Z
    "\uff33\uff2e15 1ER",  # full-width letters
    "\u0131p1 1aa",  # a dotless i, which upper() would turn into I
    "GIR 1AA",
])
def test_normalise_refuses_what_is_not_a_postcode(text):
    with pytest.raises(ValueError, match="is not a UK postcode"):
        normalise_postcode(text)


def test_normalise_says_when_nothing_was_given():
    with pytest.raises(ValueError, match="no postcode given"):
        normalise_postcode("   ")


def test_the_message_quotes_the_text_cut_short():
    with pytest.raises(ValueError) as caught:
        normalise_postcode("this is a whole paragraph pasted into the postcode cell")
    assert str(caught.value) == "'this is a whole para…' is not a UK postcode"


# The valid forms, written out from Royal Mail's rules independently of the module's pattern.
FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
THIRD_A9A = "ABCDEFGHJKPSTUW"
FOURTH_AA9A = "ABEHMNPRVWXY"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
digits = st.sampled_from("0123456789")


def letter(alphabet):
    return st.sampled_from(alphabet)


outward = st.one_of(
    st.tuples(letter(FIRST), digits),
    st.tuples(letter(FIRST), digits, digits),
    st.tuples(letter(FIRST), letter(SECOND), digits),
    st.tuples(letter(FIRST), letter(SECOND), digits, digits),
    st.tuples(letter(FIRST), digits, letter(THIRD_A9A)),
    st.tuples(letter(FIRST), letter(SECOND), digits, letter(FOURTH_AA9A)),
).map("".join)
inward = st.tuples(digits, letter(INWARD_LETTERS), letter(INWARD_LETTERS)).map("".join)
canonical = st.one_of(st.just("GIR 0AA"), st.tuples(outward, inward).map(" ".join))


@st.composite
def as_typed(draw):
    """A valid postcode and a way someone might type it: any case, spaces missing or extra."""
    postcode = draw(canonical)
    typed = ""
    for char in postcode.replace(" ", ""):
        typed += draw(st.sampled_from(["", " ", "  ", "\t"])) + draw(st.sampled_from([char.lower(), char.upper()]))
    return postcode, typed + draw(st.sampled_from(["", " ", "\n"]))


@given(as_typed())
def test_normalise_accepts_any_spacing_and_case(pair):
    postcode, typed = pair
    assert normalise_postcode(typed) == postcode


@given(st.one_of(st.text(max_size=12), as_typed().map(lambda pair: pair[1])))
def test_normalise_is_idempotent_and_refuses_only_with_value_error(text):
    try:
        normal = normalise_postcode(text)
    except ValueError:
        return
    assert normalise_postcode(normal) == normal
    assert normal == normal.upper() and normal.count(" ") == 1 and len(normal.split(" ")[1]) == 3


# ---------------------------------------------------------------------------------------------
# Reading a CSV file


def test_read_csv_with_bom_other_columns_repeats_and_blank_rows():
    data = "\ufeffName,Postcode,Ward\nA,sn15 1er,Queens\n\n,,\nB,SN151ER,Queens\nC, sn14 0ae ,Lowden\n".encode()
    result = read_postcode_csv("postcodes.csv", data)
    assert result.postcodes == ["SN15 1ER", "SN14 0AE"]
    assert result.rows == 3


def test_read_csv_names_file_row_and_column_of_every_problem():
    data = b"postcode,note\nSN15 1ER,\nSN15 XYZ,bad\nSN14 0AE,\n,no postcode\n"
    with pytest.raises(PostcodeFileError) as caught:
        read_postcode_csv("postcodes.csv", data)
    assert caught.value.messages() == [
        "postcodes.csv, row 3, column postcode: 'SN15 XYZ' is not a UK postcode",
        "postcodes.csv, row 5, column postcode: no postcode given",
    ]


def test_read_csv_lists_the_first_problems_and_counts_the_rest():
    data = ("postcode\n" + "".join(f"BAD{i}\n" for i in range(25))).encode()
    with pytest.raises(PostcodeFileError) as caught:
        read_postcode_csv("postcodes.csv", data)
    messages = caught.value.messages()
    assert len(messages) == 21
    assert messages[0] == "postcodes.csv, row 2, column postcode: 'BAD0' is not a UK postcode"
    assert messages[-1] == "and 5 more problems"


@pytest.mark.parametrize("data, message", [
    ("postcode\nSN15 1ER\n".encode("utf-16"), "postcodes.csv is not UTF-8 text"),
    ("postcode,town\nSN15 1ER,Chippenham\xe9\n".encode("cp1252"), "postcodes.csv is not UTF-8 text"),
    (b"  \n", "postcodes.csv is empty."),
    (b"post code,town\nSN15 1ER,Chippenham\n", "postcodes.csv, row 1: there is no postcode column"),
    (b"postcode,Postcode\nSN15 1ER,SN15 1ER\n", "postcodes.csv, row 1: 2 columns are called postcode"),
    (b"postcode\n\n", "postcodes.csv has no postcodes below its header row."),
    (b'postcode\nSN15 1ER\n"SN15 1EF\nSN14 0AE\n', "postcodes.csv, row 3: this row is not valid CSV"),
])
def test_read_csv_refuses_unreadable_files(data, message):
    with pytest.raises(PostcodeFileError) as caught:
        read_postcode_csv("postcodes.csv", data)
    assert caught.value.messages()[0].startswith(message)


def test_read_csv_is_bounded_in_rows():
    data = ("postcode\n" + "SN15 1ER\n" * 6).encode()
    assert read_postcode_csv("p.csv", data, max_rows=6).postcodes == ["SN15 1ER"]
    with pytest.raises(PostcodeFileError, match="p.csv has more than 5 rows"):
        read_postcode_csv("p.csv", data, max_rows=5)


# ---------------------------------------------------------------------------------------------
# Matching within the area tree


@pytest.fixture
def tree(partnership):
    """Testshire → North → North ward → North LSOA, and South beside North."""
    county = Area.objects.get(partnership=partnership, name="Testshire")
    north = Area.objects.get(partnership=partnership, name="North")
    ward = Area.objects.create(partnership=partnership, name="North ward", area_type="ward", parent=north)
    lsoa = Area.objects.create(partnership=partnership, name="North LSOA", area_type="lsoa", parent=ward)
    south = Area.objects.create(partnership=partnership, name="South", area_type="community_area", parent=county)
    return {"county": county, "north": north, "ward": ward, "lsoa": lsoa, "south": south}


def test_area_ids_within_reaches_every_level(tree):
    assert area_ids_within(tree["north"]) == {tree[n].pk for n in ("north", "ward", "lsoa")}
    assert area_ids_within(tree["lsoa"]) == {tree["lsoa"].pk}


def test_a_postcode_listed_deep_down_lies_in_every_area_above(tree, django_assert_max_num_queries):
    AreaPostcode.objects.create(area=tree["lsoa"], postcode="SN15 1ER")
    AreaPostcode.objects.create(area=tree["south"], postcode="SN14 0AE")
    for name in ("county", "north", "ward", "lsoa"):
        with django_assert_max_num_queries(2):
            assert postcode_in_area(tree[name], "sn15 1er"), name
    assert not postcode_in_area(tree["south"], "SN15 1ER")
    assert postcode_in_area(tree["south"], "SN14 0AE")
    assert not postcode_in_area(tree["north"], "SN14 0AE")
    assert not postcode_in_area(tree["north"], "SN14 0AF")
    assert not postcode_in_area(tree["north"], "not a postcode")


def test_an_area_has_postcodes_when_it_or_an_area_below_lists_some(tree, django_assert_max_num_queries):
    assert not area_has_postcodes(tree["north"])
    AreaPostcode.objects.create(area=tree["ward"], postcode="SN15 1ER")
    for name, has in (("county", True), ("north", True), ("ward", True), ("lsoa", False), ("south", False)):
        with django_assert_max_num_queries(2):
            assert area_has_postcodes(tree[name]) == has, name


def test_a_postcode_listed_only_for_the_area_itself_costs_one_query(tree, django_assert_num_queries):
    AreaPostcode.objects.create(area=tree["north"], postcode="SN15 1ER")
    with django_assert_num_queries(1):
        assert postcode_in_area(tree["north"], "SN15 1ER")
    with django_assert_num_queries(1):
        assert not postcode_in_area(tree["north"], "SN15 1EF")


def test_another_partnerships_list_does_not_count(tree):
    elsewhere = Partnership.objects.create(slug="elsewhere", name="Elsewhere", place="Elsewhere")
    other = Area.objects.create(partnership=elsewhere, name="North", area_type="community_area")
    AreaPostcode.objects.create(area=other, postcode="SN15 1ER")
    assert not postcode_in_area(tree["county"], "SN15 1ER")


def test_replacing_a_list_is_audited_once(tree):
    north = tree["north"]
    replace_area_postcodes(north, ["SN15 1ER", "SN15 1EF", "SN15 1ER"], None)
    assert replace_area_postcodes(north, ["SN14 0AE"], None) == (2, 1)
    assert list(north.postcodes.values_list("postcode", flat=True)) == ["SN14 0AE"]
    events = AuditEvent.objects.filter(object_type="area", object_id=str(north.pk)).order_by("id")
    assert [e.changes for e in events] == [{"postcodes": ["0", "2"]}, {"postcodes": ["2", "1"]}]


# ---------------------------------------------------------------------------------------------
# The page


def page(partnership, area):
    return reverse("area_postcodes", args=[partnership.slug, area.pk])


def csv_file(text, name="postcodes.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text, content_type="text/csv")


@pytest.fixture
def north(partnership):
    return Area.objects.get(partnership=partnership, name="North")


@pytest.mark.parametrize("persona", ALL)
def test_only_officers_see_or_import(as_user, partnership, north, persona):
    client = as_user(persona)
    url = page(partnership, north)
    response = client.get(url)
    assert response.status_code == expected(persona, MANAGERS)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    response = client.post(url, {"file": csv_file("postcode\nSN15 1ER\n")})
    assert response.status_code == (302 if persona in MANAGERS else expected(persona, MANAGERS))
    assert AreaPostcode.objects.exists() == (persona in MANAGERS)


def test_an_area_of_another_partnership_is_not_found(as_user, partnership):
    other = Area.objects.create(partnership=Partnership.objects.get(slug="elsewhere"), name="Away", area_type="ward")
    assert as_user("officer").get(page(partnership, other)).status_code == 404


def test_the_area_page_links_to_its_postcodes_for_officers_only(as_user, partnership, north):
    detail = reverse("framework_detail", args=[partnership.slug, "areas", north.pk])
    assert page(partnership, north) in as_user("officer").get(detail).content.decode()
    assert page(partnership, north) not in as_user("viewer").get(detail).content.decode()


def test_importing_a_good_file_replaces_the_list(as_user, partnership, north, personas):
    AreaPostcode.objects.create(area=north, postcode="SN14 0AE")
    client = as_user("officer")
    response = client.post(page(partnership, north), {
        "file": csv_file("\ufeffName,Postcode\nA,sn15 1er\nB,SN15 1EF\nC,SN151ER\n")}, follow=True)
    assert list(north.postcodes.values_list("postcode", flat=True)) == ["SN15 1EF", "SN15 1ER"]
    text = response.content.decode()
    assert ("Imported 2 postcodes for North from postcodes.csv (there were 1). "
            "1 row repeated a postcode given earlier in the file.") in text
    assert "SN15 1EF, SN15 1ER" in text
    event = AuditEvent.objects.get(object_type="area", object_id=str(north.pk))
    assert event.action == "update" and event.user == personas["officer"]
    assert event.changes == {"postcodes": ["1", "2"]}


def test_a_file_with_bad_rows_saves_nothing_and_says_where(as_user, partnership, north):
    AreaPostcode.objects.create(area=north, postcode="SN14 0AE")
    rows = ["SN15 1ER"] * 5 + ["SN15 XYZ"] + ["SN15 1EF"] + [f"X{i}" for i in range(30)]
    response = as_user("officer").post(page(partnership, north), {"file": csv_file("postcode\n" + "\n".join(rows))})
    assert response.status_code == 200
    text = response.content.decode()
    assert "postcodes.csv, row 7, column postcode: &#x27;SN15 XYZ&#x27; is not a UK postcode" in text
    assert "postcodes.csv, row 9, column postcode: &#x27;X0&#x27; is not a UK postcode" in text
    assert "and 11 more problems" in text
    assert "Nothing was imported" in text
    assert list(north.postcodes.values_list("postcode", flat=True)) == ["SN14 0AE"]
    assert not AuditEvent.objects.filter(object_type="area").exists()


@pytest.mark.parametrize("upload, message", [
    (csv_file("postcode\nSN15 1ER\n".encode("utf-16")), "postcodes.csv is not UTF-8 text"),
    (csv_file(b"PK\x03\x04 a spreadsheet", name="postcodes.xlsx"),
     "postcodes.xlsx is not a type of postcode list we accept: upload a .csv file."),
    (csv_file("postcode\n" + "SN15 1ER\n" * 200), "postcodes.csv is 2 KB; postcode lists can be up to 1 KB."),
])
def test_unreadable_files_are_refused_with_a_message(as_user, partnership, north, settings, upload, message):
    settings.UPLOAD_MAX_BYTES = 1024  # the one limit for every upload (core.uploads)
    response = as_user("officer").post(page(partnership, north), {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AreaPostcode.objects.exists()


def test_the_page_query_count_does_not_grow_with_postcodes(as_user, partnership, north):
    client = as_user("officer")
    ward = Area.objects.create(partnership=partnership, name="North ward", area_type="ward", parent=north)

    def grow(n):
        start = AreaPostcode.objects.count()
        for area in (north, ward):
            AreaPostcode.objects.bulk_create(
                AreaPostcode(area=area, postcode=f"SN15 {1 + (start + i) // 400}{'ABDEFGHJLNPQRSTUWXYZ'[(start + i) // 20 % 20]}"
                                              f"{'ABDEFGHJLNPQRSTUWXYZ'[(start + i) % 20]}")
                for i in range(n)
            )
            start += n

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page(partnership, north))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    grow(5)
    small, _ = count()
    grow(500)
    large, text = count()
    assert small == large
    assert text.count(">505<") == 2  # the postcodes of North and of the ward within it


# ---------------------------------------------------------------------------------------------
# The demo


@pytest.mark.django_db
def test_demo_lists_chippenham_postcodes_and_loads_twice_unchanged():
    load_demo_data()
    wiltshire = Partnership.objects.get(slug="wiltshire")
    chippenham = Area.objects.get(partnership=wiltshire, name="Chippenham")
    listed = set(chippenham.postcodes.values_list("postcode", flat=True))
    assert listed == set(DEMO_POSTCODES["wiltshire"]["Chippenham"])
    assert all(normalise_postcode(p) == p for p in listed)
    events = AuditEvent.objects.count()
    load_demo_data()
    assert chippenham.postcodes.count() == len(listed)
    assert AuditEvent.objects.count() == events
    county = Area.objects.get(partnership=wiltshire, gss_code="E06000054")
    assert postcode_in_area(county, "sn15 1er")
    assert not postcode_in_area(Area.objects.get(partnership=wiltshire, name="Calne"), "SN15 1ER")
