#!/usr/bin/python3
"""The risk report's workbook read back (`--format xlsx`).

An .xlsx is a zip of XML parts: this opens the workbook with the standard
library alone (zipfile, xml.etree), lists its sheets, reads every cell, and
checks that the numbers equal the JSON risk report's for the same run, that
number cells carry the number formats the sheet promises (percent, money,
ratio), that the same run gives the same bytes, and that the CSV's credit
rows (PD, EL, LGL, P(ever), the indicative rating) match the JSON too.

usage: xlsx_roundtrip.py SLUICE DEAL WORKDIR
"""
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(sluice, args):
    p = subprocess.run([sluice] + args, capture_output=True)
    if p.returncode != 0:
        sys.exit(f"sluice {' '.join(args)} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def read_workbook(path):
    """{sheet name: (rows as lists of values, {(row, col): number format})}"""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.findall("m:numFmts/m:numFmt", NS)}
    builtin = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%"}
    xfs = [int(x.get("numFmtId", "0")) for x in styles.findall("m:cellXfs/m:xf", NS)]
    fmt_of = lambda s: (lambda i: custom.get(i, builtin.get(i, str(i))))(xfs[s] if s < len(xfs) else 0)
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    out = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", NS):
        target = rels[sh.get(REL)]
        part = "xl/" + target if not target.startswith("/") else target[1:]
        rows, formats = [], {}
        for r in ET.fromstring(z.read(part)).findall("m:sheetData/m:row", NS):
            cells = {}
            for c in r.findall("m:c", NS):
                i = col_index(c.get("r"))
                v = c.find("m:v", NS)
                if v is None:
                    continue
                cells[i] = shared[int(v.text)] if c.get("t") == "s" else float(v.text)
                formats[(len(rows), i)] = fmt_of(int(c.get("s", "0")))
            rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
        out[sh.get("name")] = (rows, formats)
    return out


def same(a, b, what):
    if b is None:
        check(a is None, f"{what}: workbook {a!r}, JSON null")
        return
    ok = a is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    check(ok, f"{what}: workbook {a!r}, JSON {b!r}")


def main():
    sluice, deal, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    args = [deal, "-n", "300", "--seed", "11"]
    j = json.loads(run(sluice, ["run"] + args + ["--format", "json"]))
    book = os.path.join(work, "risk.xlsx")
    again = os.path.join(work, "again.xlsx")
    run(sluice, ["run"] + args + ["--format", "xlsx", "--out", book])
    run(sluice, ["run"] + args + ["--format", "xlsx", "--out", again])
    check(open(book, "rb").read() == open(again, "rb").read(), "two runs wrote different workbooks")
    wb = read_workbook(book)
    names = list(wb)
    print("sheets:", ", ".join(names))
    for want in ["run", "tranches", "equity", "tests", "triggers", "probabilities", "summaries", "series"]:
        check(want in names, f"no sheet `{want}`")

    rows, formats = wb["tranches"]
    head = rows[0]
    check(head[:5] == ["tranche", "original", "PD", "PD se", "EL"], f"tranches header {head}")
    by_name = {r[0]: r for r in rows[1:]}
    check(len(by_name) == len(j["tranches"]), "a tranche row per tranche")
    for t in j["tranches"]:
        r = by_name[t["name"]]
        col = lambda h: r[head.index(h)] if head.index(h) < len(r) else None
        same(col("original"), t["original"], f"{t['name']} original")
        same(col("PD"), t["pd"]["p"], f"{t['name']} PD")
        same(col("PD se"), t["pd"]["se"], f"{t['name']} PD se")
        same(col("EL"), t["el"], f"{t['name']} EL")
        same(col("EL amount"), t["el_amount"], f"{t['name']} EL amount")
        same(col("LGL"), t["lgl"], f"{t['name']} LGL")
        same(col("break-even spread"), t["breakeven_spread"], f"{t['name']} break-even")
        same(col("IRR p50"), t["irr"]["p50"], f"{t['name']} IRR p50")
        same(col("WAL mean (y)"), t["wal"]["mean"], f"{t['name']} WAL mean")
        same(col("P(default)"), t["default"]["p"], f"{t['name']} P(default)")
        same(col("EAD mean"), t["default"]["exposure_mean"], f"{t['name']} EAD mean")
        same(col("LGD"), t["default"]["lgd"], f"{t['name']} LGD")
        same(col("LGD with interest"), t["default"]["lgd_with_interest"], f"{t['name']} LGD with interest")
        rating = t["indicative_rating"]
        grade = rating["grade"] if rating else "n/a"
        check(col("indicative (PD at WAL)") == grade, f"{t['name']} indicative grade: workbook {col('indicative (PD at WAL)')!r}, JSON {grade!r}")
        same(col("indicative horizon (y)"), rating["horizon_years"] if rating else None, f"{t['name']} indicative horizon")
        i = rows.index(r)
        check(formats.get((i, head.index("PD"))) == "0.00%", "PD is formatted as a percent")
        check(formats.get((i, head.index("original"))) == "#,##0", "the original balance is formatted as money")

    rows, formats = wb["tests"]
    head = rows[0]
    tests = {r[0]: r for r in rows[1:]}
    for t in j["tests"]:
        r = tests[t["name"]]
        same(r[head.index("min p5")], t["min"]["p5"], f"{t['name']} min p5")
        same(r[head.index("min mean")], t["min"]["mean"], f"{t['name']} min mean")
        same(r[head.index("max p95")], t["max"]["p95"], f"{t['name']} max p95")
        same(r[head.index("undefined")], t["undefined"]["mean"], f"{t['name']} undefined share")
        check(formats.get((rows.index(r), head.index("min p5"))) == "0.000", "a test is formatted as a ratio")

    for sheet, key in [("triggers", "triggers"), ("probabilities", "probabilities")]:
        rows, _ = wb[sheet]
        got = {r[0]: r for r in rows[1:]}
        for e in j[key]:
            same(got[e["name"]][1], e["ever"]["p"], f"{e['name']} P(ever)")
            same(got[e["name"]][3] if len(got[e["name"]]) > 3 else None, e["mean_first_period"], f"{e['name']} mean first period")

    # The CSV's credit rows: the same numbers as the JSON.
    rows = {r["metric"]: r for r in csv.DictReader(io.StringIO(run(sluice, ["run"] + args + ["--format", "csv"]).decode()))}
    num = lambda s: float(s) if s != "" else None
    for t in j["tranches"]:
        same(num(rows[t["name"] + ".pd"]["mean"]), t["pd"]["p"], f"CSV {t['name']}.pd")
        same(num(rows[t["name"] + ".el"]["mean"]), t["el"], f"CSV {t['name']}.el")
        same(num(rows[t["name"] + ".lgl"]["mean"]), t["lgl"], f"CSV {t['name']}.lgl")
        same(num(rows[t["name"] + ".breakeven_spread"]["mean"]), t["breakeven_spread"], f"CSV {t['name']}.breakeven_spread")
        rating = t["indicative_rating"]
        key = f"{t['name']}.indicative_rating ({rating['grade'] if rating else 'n/a'})"
        check(key in rows, f"CSV has no row {key}")
        if key in rows:
            same(num(rows[key]["mean"]), rating["score"] if rating else None, f"CSV {key}")
    for e in j["triggers"] + j["probabilities"]:
        same(num(rows[e["name"] + ".ever"]["mean"]), e["ever"]["p"], f"CSV {e['name']}.ever")

    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("workbook and CSV match the JSON risk report")


main()
