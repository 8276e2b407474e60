#!/usr/bin/env python3
"""Writes the .docx, .csv and .tsv forms of the seed plan for the tests.

Needs python-docx (pip install python-docx); run from the project root:
    python3 scripts/make-plan-fixtures.py
The output is committed under tests/data/, so tests never need Python.
"""
import csv
import docx

SRC = "examples/plans/khmao-2020.txt"


def read_seed():
    title, rows, row = [], [], None
    for line in open(SRC, encoding="utf-8").read().splitlines():
        if not line.strip():
            if row:
                rows.append(row)
            row = None
        elif line.startswith("\t"):
            row = row or []
            row.append(line[1:].strip())
        elif row:
            row[-1] += " " + line.strip()
        else:
            title.append(line.strip())
    if row:
        rows.append(row)
    return title, rows


def write_docx(title, rows):
    d = docx.Document()
    for line in title:
        d.add_paragraph(line)
    table = d.add_table(rows=0, cols=4)
    for cells in rows:
        tr = table.add_row().cells
        for i, text in enumerate(cells):
            # A cell of several paragraphs: executors one per paragraph, and a
            # title broken between its sentences, as people type them in Word.
            parts = [text]
            if i == 3 and ", " in text:
                parts = text.split(", ")
            elif i == 1 and ". С привлечением" in text:
                head, tail = text.split(". С привлечением", 1)
                parts = [head + ".", "С привлечением" + tail]
            tr[i].text = parts[0]
            for p in parts[1:]:
                tr[i].add_paragraph(p)
    d.add_paragraph("Прокурор округа")
    d.save("tests/data/khmao-2020.docx")


def write_delimited(rows, path, delimiter):
    body = [r for r in rows if r != ["1", "2", "3", "4"]]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(body)


title, rows = read_seed()
write_docx(title, rows)
write_delimited(rows, "tests/data/khmao-2020.csv", ",")
write_delimited(rows, "tests/data/khmao-2020.tsv", "\t")
