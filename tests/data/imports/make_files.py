"""Writes the import test files in this folder. Run once: `.venv/bin/python tests/data/imports/make_files.py`.

They are committed, so the tests read real files; this script documents how each was made."""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = "indicator,period,area,population_group,value,status,note\r\n"
GOOD = (
    "CYP 36,2006/07 Q1,,,58,provisional,\r\n"
    "CYP 36,2006/07 Q2,,,71,provisional,Café referrals up\r\n"
    "NI 072,AY 2008/09,North,,52.5,final,\r\n"
    "NI 072,AY 2008/09,E06000099,,57.1,final,\r\n"
    "NI 072,AY 2008/09,,Older people,49,provisional,\r\n"
)


def write(name, text, encoding="utf-8"):
    (HERE / name).write_bytes(text.encode(encoding))


def xlsx(name, rows, *, merge=None, sheet="Actuals"):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    wb.save(HERE / name)


def main():
    write("actuals_good.csv", HEADER + GOOD)
    write("actuals_corrected.csv", HEADER + GOOD.replace("2006/07 Q2,,,71", "2006/07 Q2,,,73"))
    write("actuals_bom.csv", "\ufeff" + HEADER + GOOD)
    write("actuals_cp1252.csv", HEADER + GOOD.replace("Café referrals up", "Café referrals up – £5k pilot"),
          "cp1252")
    write("actuals_other_order.csv", "Value,Period,Indicator\r\n71,2006/07 Q2,CYP 36\r\n")
    write("bad_columns.csv", "indicator,period,amount\r\nCYP 36,2006/07 Q2,71\r\n")
    write("bad_unknown_indicator.csv", HEADER + "NI 999,2008/09,,,12,final,\r\n")
    write("bad_period.csv", HEADER + "CYP 36,2006-07 Q5,,,12,final,\r\nNI 072,2008/09,,,57,final,\r\n")
    write("bad_area.csv", HEADER + "NI 072,AY 2008/09,E06000001,,57,final,\r\nNI 072,AY 2008/09,Atlantis,,57,final,\r\n")
    write("bad_value.csv", HEADER + "CYP 36,2006/07 Q2,,,seventy,final,\r\nNI 072,AY 2008/09,,,120,final,\r\n")
    write("bad_mixed.csv", HEADER + GOOD + "CYP 36,2006/07 Q3,,,n/a,final,\r\n")
    write("duplicate_rows.csv", HEADER + "CYP 36,2006/07 Q2,,,71,,\r\nCYP 36,2006/07 Q2,,,72,,\r\n")
    write("empty.csv", "")
    write("header_only.csv", HEADER)
    write("bad_encoding.csv", "", "utf-8")
    (HERE / "bad_encoding.csv").write_bytes(HEADER.encode("utf-16"))
    (HERE / "not_really.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
    write("not_really.xlsx", HEADER + GOOD)
    rows = [line.split(",") for line in (HEADER + GOOD).strip().split("\r\n")]
    typed = [rows[0]] + [[float(c) if i == 4 else c for i, c in enumerate(r)] for r in rows[1:]]
    xlsx("actuals_good.xlsx", typed)
    xlsx("formula.xlsx", typed[:2] + [["CYP 36", "2006/07 Q2", None, None, "=A1+1", "final", None]])
    xlsx("merged_header.xlsx", [["indicator and period", None, "area", "population_group", "value"],
                                ["CYP 36", "2006/07 Q2", None, None, 71]], merge="A1:B1")
    write("targets_good.csv", "indicator,kind,period,value,text,to_be_set,note\r\n"
          "CYP 36,target,2007/08,120,,no,\r\n"
          "NI 072,baseline,AY 2007/08,55.5,,no,From the 2008 LAA\r\n"
          "CYP 41,target,2007/08,,,yes,Awaiting guidance\r\n"
          "NI 092,target,AY 2010/11,,less than 30,no,\r\n")
    write("indicators_good.csv",
          "code,title,value_type,polarity,collection_interval,decimal_places,cumulative,lead_organisation,"
          "units,tags,outcomes\r\n"
          "NI 111,First time entrants to the Youth Justice System aged 10-17,rate_100000,lower,financial_year,0,no,"
          "Testshire Police,\"per 100,000\",LAA designated; Stretch,1.1.1\r\n"
          'NI 072,Early Years Foundation Stage achievement,percentage,higher,academic_year,1,no,'
          'Testshire Council,,LAA designated,2.1\r\n')
    write("indicators_bad.csv",
          "code,title,value_type,polarity,collection_interval\r\n"
          "NI 111,First time entrants,rate,lower,financial_year\r\n"
          "NI 112,Under-18 conceptions,percentage,band,financial_year\r\n")
    write("benchmarks_unitary.csv",
          "group,indicator,period,authority,gss_code,value\r\n"
          "Unitary councils,NI 072,AY 2008/09,Bath and North East Somerset,E06000022,55.0\r\n"
          "Unitary councils,NI 072,AY 2008/09,Testshire,E06000099,57.0\r\n"
          "Unitary councils,NI 072,AY 2008/09,Bristol,E06000023,49.5\r\n"
          "Unitary councils,NI 072,AY 2008/09,North Somerset,E06000024,58.2\r\n"
          "Unitary councils,NI 072,AY 2008/09,South Gloucestershire,E06000025,57.0\r\n"
          "Unitary councils,NI 072,AY 2008/09,Swindon,E06000030,60.1\r\n"
          "Unitary councils,NI 072,AY 2008/09,England,E92000001,52.0\r\n"
          "Unitary councils,NI 072,AY 2007/08,Testshire,E06000099,54.0\r\n")
    write("benchmarks_bad.csv",
          "group,indicator,period,authority,gss_code,value\r\n"
          "Unitary councils,NI 072,AY 2008/09,Bath,E0600002,55.0\r\n"
          "Unitary councils,NI 072,AY 2008/09,England,,52\r\n"
          "Unitary councils,NI 072,AY 2008/09,National,,52\r\n")


if __name__ == "__main__":
    main()
