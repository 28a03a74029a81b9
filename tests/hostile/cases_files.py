"""Hostile files: imports on the web and the command line, bid attachments, project photos and postcode lists.

Each line: (id, how it is sent, *texts the answer must contain). The import tests' files are reused by name."""

from functools import partial

from tests.hostile import builders as b
from tests.hostile.channels import bid, import_cli, import_web, photo, postcodes, raw_file

A = b.ACTUALS
TOO_MANY = "has more digits than can be stored"


def web(name, content, kind="actuals", persona="officer"):
    return partial(import_web, kind=kind, name=name, content=content, persona=persona)


def cli(name, content, kind="actuals"):
    return partial(import_cli, kind=kind, name=name, content=content)


def actual(value, indicator="CYP 36", period="2006/07 Q2"):
    return b.csv(A, f"{indicator},{period},{value}")


def attach(*pairs):
    return partial(bid, uploads=pairs)


def _oversized_import():
    return b.csv(A) + b"CYP 36,2006/07 Q2,1\r\n" * (10 * 1024 * 1024 // 20 + 1)


def _return(*rows):
    return b.xlsx(["indicator", "period", "area", "population_group", "value", "status", "note", "expected", "title"],
                  *rows)


IMPORTS = [
    ("import-empty-file", web("empty.csv", b.data("empty.csv")), "The submitted file is empty."),
    ("import-header-only", web("header_only.csv", b.data("header_only.csv")), "header row but no data rows"),
    ("import-utf16-csv", web("bad_encoding.csv", b.data("bad_encoding.csv")), "The file is in UTF-16"),
    ("import-utf8-bom-bad-value", web("bom.csv", b"\xef\xbb\xbf" + actual("seventy")),
     "bom.csv 2 value 'seventy' is not a number."),
    ("import-binary-junk-csv", web("junk.csv", b.JUNK), "junk.csv This is not a CSV file: it contains binary data."),
    ("import-binary-junk-xlsx", web("junk.xlsx", b.JUNK), "junk.xlsx This is not a readable XLSX file"),
    ("import-csv-named-xlsx", web("actuals.xlsx", actual("71")), "actuals.xlsx This is not a readable XLSX file"),
    ("import-nan", web("nan.csv", actual("NaN")), "nan.csv 2 value 'NaN' is not a number."),
    ("import-infinity", web("inf.csv", actual("inf")), "inf.csv 2 value 'inf' is not a number."),
    ("import-minus-infinity", web("inf.csv", actual("-Infinity")), "inf.csv 2 value '-Infinity' is not a number."),
    ("import-1e309", web("big.csv", actual("1e309")), "big.csv 2 value 1e309 " + TOO_MANY),
    ("import-huge-integer", web("big.csv", actual(b.HUGE)), TOO_MANY),
    ("import-merged-header", web("merged_header.xlsx", b.data("merged_header.xlsx")), "are merged"),
    ("import-formula-cell", web("formula.xlsx", b.data("formula.xlsx")), "holds a formula"),
    ("import-csv-injection", web("inj.csv", actual("=cmd|' /C calc'!A0")), "inj.csv 2 value '=cmd|' /C calc'!A0' is not a number."),
    ("import-duplicate-rows", web("duplicate_rows.csv", b.data("duplicate_rows.csv")), "This row repeats row 2"),
    ("import-unknown-code", web("bad_unknown_indicator.csv", b.data("bad_unknown_indicator.csv")),
     "There is no indicator with the code 'NI 999'"),
    ("import-oversized", web("huge.csv", _oversized_import), "the limit is 10 MB"),
    ("import-zip-bomb", web("actuals.xlsx", b.zip_bomb), "The workbook would expand to 110 MB"),
    ("import-xxe", web("actuals.xlsx", b.external_entity), "declares entities or refers to outside files"),
    ("import-billion-laughs", web("actuals.xlsx", b.billion_laughs), "declares entities or refers to outside files"),
    ("import-truncated-xlsx", web("actuals.xlsx", b.truncated), "This is not a readable XLSX file"),
    ("import-nul-bytes", web("nul.csv", actual("7\x001")), "nul.csv This is not a CSV file: it contains binary data."),
    ("import-control-characters", web("ctl.csv", actual("12", indicator="CYP\x07\x1b[31m 36")), "ctl.csv 2 indicator There is no indicator with the code"),
    ("import-rtl-override", web("rtl.csv", actual("12", indicator="CYP \u202e63")), "rtl.csv 2 indicator There is no indicator with the code 'CYP \u202e63'"),
    ("import-very-long-string", web("long.csv", actual("12", indicator="X" * 100_000)), "long.csv 2 indicator There is no indicator with the code 'XXXX"),
    ("import-pabulib-as-csv", web("ballots.csv", b.data_file_pb()), "ballots.csv 1 META Unknown column 'META'."),
    ("import-pabulib-extension", web("ballots.pb", b.data_file_pb()), "ballots.pb Upload a .csv or .xlsx file."),
    ("import-double-extension", web("actuals.csv.exe", actual("71")), "actuals.csv.exe Upload a .csv or .xlsx file."),
    ("benchmarks-nan", web("bench.csv", b.csv("group,indicator,period,authority,gss_code,value",
                                              "Unitary,CYP 36,2006/07,Swindon,E06000030,NaN"), kind="benchmarks"),
     "bench.csv 2 value 'NaN' is not a number."),
    ("benchmarks-unknown-indicator", web("bench.csv", b.csv("group,indicator,period,authority,gss_code,value",
                                                            "Unitary,NOPE 1,2006/07,Swindon,E06000030,4"),
                                         kind="benchmarks"), "NOPE 1"),
    ("return-formula", web("return.xlsx", _return(["CYP 36", "2006/07 Q1", None, None, "=1/0", "final"]),
                           kind="return", persona="provider"), "holds a formula"),
    ("return-other-organisations-indicator", web("return.xlsx", _return(["NI 072", "AY 2009/10", None, None, 50]),
                                                 kind="return", persona="provider"),
     "NI 072 is led by another organisation."),
    ("cli-empty-file", cli("empty.csv", b""), "empty.csv: The file is empty."),
    ("cli-utf16-csv", cli("bad_encoding.csv", b.data("bad_encoding.csv")), "The file is in UTF-16"),
    ("cli-binary-junk-xlsx", cli("junk.xlsx", b.JUNK), "junk.xlsx: This is not a readable XLSX file"),
    ("cli-zip-bomb", cli("actuals.xlsx", b.zip_bomb), "The workbook would expand to 110 MB"),
    ("cli-billion-laughs", cli("actuals.xlsx", b.billion_laughs), "declares entities"),
    ("cli-infinity-benchmarks", cli("bench.csv", b.csv("group,indicator,period,authority,gss_code,value",
                                                        "Unitary,CYP 36,2006/07,Swindon,E06000030,inf"),
                                    kind="benchmarks"), "bench.csv, row 2, column 'value'"),
    ("cli-return-nul", cli("return.csv", b.csv("indicator,period,value", "CYP 36,2006/07 Q1,\x00"), kind="return"),
     "return.csv: This is not a CSV file: it contains binary data."),
]

NOT_ACCEPTED = "is not a type of file we accept"
ATTACHMENTS = [
    ("bid-svg-with-script", attach(("drawing.svg", b.SVG)), "drawing.svg " + NOT_ACCEPTED),
    ("bid-double-extension-exe", attach(("report.pdf.exe", b"MZ\x90\x00")), "report.pdf.exe " + NOT_ACCEPTED),
    ("bid-double-extension-html", attach(("photo.jpg.html", b.HTML)), "photo.jpg.html " + NOT_ACCEPTED),
    ("bid-rtl-override-name", attach(("invoice\u202efdp.exe", b"MZ")), NOT_ACCEPTED),
    ("bid-binary-junk-pdf", attach(("plan.pdf", b.JUNK)), "plan.pdf does not look like a .pdf file"),
    ("bid-html-named-pdf", attach(("plan.pdf", b.HTML)), "plan.pdf does not look like a .pdf file"),
    ("bid-utf16-text", attach(("notes.txt", "Quote".encode("utf-16"))), "notes.txt is not a plain text file"),
    ("bid-empty-file", attach(("plan.pdf", b"")), "plan.pdf is empty."),
    ("bid-oversized", attach(("plan.pdf", b.PDF + b"x" * 64 * 1024)), "plan.pdf is 64 KB; files can be up to 64 KB"),
    ("bid-path-traversal", partial(raw_file, target="bid", filename="../../../../etc/passwd", content=b"root:x:0:0"),
     "passwd " + NOT_ACCEPTED),
    ("bid-nul-in-name", partial(raw_file, target="bid", filename="plan.pdf\x00.exe", content=b.PDF), NOT_ACCEPTED),
    ("photo-svg-with-script", partial(photo, name="swings.svg", content=b.SVG),
     "swings.svg is not a type of photo we accept"),
    ("photo-double-extension-html", partial(photo, name="photo.jpg.html", content=b.HTML),
     "photo.jpg.html is not a type of photo we accept"),
    ("photo-png-named-jpg", partial(photo, name="swings.jpg", content=b.PNG), "swings.jpg does not look like a .jpg"),
    ("photo-oversized", partial(photo, name="swings.png", content=b.PNG + b"\x00" * 70 * 1024),
     "photos can be up to 64 KB"),
    ("photo-very-long-description", partial(photo, name="swings.png", content=b.PNG, alt="x" * 10_000),
     "at most 300 characters"),
    ("postcodes-empty", partial(postcodes, name="postcodes.csv", content=b""), "Nothing was imported.", "The file is empty."),
    ("postcodes-utf16", partial(postcodes, name="postcodes.csv", content="postcode\nSN1 1AA\n".encode("utf-16")),
     "postcodes.csv is not UTF-8 text"),
    ("postcodes-binary-junk", partial(postcodes, name="postcodes.csv", content=b.JUNK),
     "postcodes.csv is not UTF-8 text."),
    ("postcodes-xlsx-named-csv", partial(postcodes, name="postcodes.csv", content=b.data("actuals_good.xlsx")),
     "postcodes.csv is not UTF-8 text"),
    ("postcodes-bom-no-column", partial(postcodes, name="pc.csv", content=b"\xef\xbb\xbfzip\r\nSN1 1AA\r\n"),
     "there is no postcode column"),
    ("postcodes-formula", partial(postcodes, name="pc.csv", content=b.csv("postcode", '=HYPERLINK("http://x")')),
     "pc.csv, row 2, column postcode: '=HYPERLINK(\"http://x…' is not a UK postcode"),
    ("postcodes-nul-byte", partial(postcodes, name="pc.csv", content=b.csv("postcode", "SN1\x001AA")),
     "pc.csv, row 2, column postcode: "),
    ("postcodes-oversized", partial(postcodes, name="pc.csv", content=b.csv("postcode", *["SN1 1AA"] * 10_000)),
     "postcode lists can be up to 64 KB"),
    ("postcodes-path-traversal", partial(raw_file, target="postcodes", filename="..\\..\\windows\\win.ini",
                                         content=b"[fonts]"), "win.ini is not a type of postcode list"),
    ("postcodes-double-extension", partial(postcodes, name="postcodes.csv.exe", content=b"MZ"),
     "postcodes.csv.exe is not a type of postcode list"),
]

CASES = IMPORTS + ATTACHMENTS
XFAIL = {}
