#!/usr/bin/env python3
"""Import, show and search, each beside the sqlite3 shell doing the same work on the same data.

usage: python3 Benchmarks/reference.py [--runs N]   (builds the release binary first)
Targets (issue 2): import within 2x of sqlite3's .import of the same CSV rows; a show or search
process under 20 ms.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from timing import median_ms, report

root = pathlib.Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=25)
runs = parser.parse_args().runs

if not shutil.which("sqlite3"):
    sys.exit("needs the sqlite3 shell: apt-get install sqlite3")
subprocess.run(["swift", "build", "-c", "release", "--product", "crosswalk"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
binary = str(root / ".build/release/crosswalk")
work = pathlib.Path(tempfile.mkdtemp(prefix="crosswalk-bench-"))
os.environ["XDG_DATA_HOME"] = str(work / "xdg")
os.environ.pop("CROSSWALK_DB", None)

# The sqlite3 side: .import of the very same CSV files into a fresh database.
script = work / "import.sql"
script.write_text(".mode csv\n" + "".join(
    f".import '{path}' {path.stem}\n" for path in sorted((root / "Data").glob("*.csv"))))
rows = sum(max(0, len(path.read_text(encoding="utf-8").splitlines()) - 1) for path in (root / "Data").glob("*.csv"))


def fresh():
    for name in ["cw.db", "cw.db-wal", "cw.db-shm", "sq.db"]:
        (work / name).unlink(missing_ok=True)


results = median_ms({
    "crosswalk import (validate, load, index)": [binary, "import", "--data", str(root / "Data"), "--db", str(work / "cw.db")],
    "sqlite3 .import": ["sqlite3", str(work / "sq.db"), f".read {script}"],
}, runs=runs, prepare=fresh)
report(f"Import of {rows} CSV rows", results, "sqlite3 .import", "crosswalk within 2x of sqlite3")

subprocess.run([binary, "list", "frameworks"], check=True, stdout=subprocess.DEVNULL)
database = str(work / "xdg/crosswalk/reference.db")
results = median_ms({
    "crosswalk show SCDLMCA1": [binary, "show", "SCDLMCA1"],
    "crosswalk search supervision": [binary, "search", "supervision"],
    "sqlite3 item lookup": ["sqlite3", database, "SELECT * FROM item WHERE code = 'SCDLMCA1'"],
    "sqlite3 FTS5 query": ["sqlite3", database,
                           "SELECT item.code, snippet(item_search, -1, '[', ']', '…', 14) FROM item_search "
                           "JOIN item ON item.rowid = item_search.rowid WHERE item_search MATCH 'supervision' "
                           "ORDER BY bm25(item_search) LIMIT 20"],
}, runs=runs)
report("Show and search (whole processes)", results, "sqlite3 FTS5 query", "show and search each under 20 ms")
shutil.rmtree(work)
