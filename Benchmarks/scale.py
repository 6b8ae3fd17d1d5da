#!/usr/bin/env python3
"""Crosswalk at scale (issue 13): every figure beside its baseline, measured in the same run.

usage: python3 Benchmarks/scale.py [--quick] [--runs N] [--no-static] [--keep DIR]

Builds the release binary (and, unless --no-static, a second one with --static-swift-stdlib in
.build/static), generates the data it needs, and prints medians of whole processes, run in
turns so that every figure and its baseline see the same load:

  import   `crosswalk import` of the reference data at 1x, 10x and 100x, beside the sqlite3
           shell's `.import` of the same CSV files into plain tables, both into files in
           /dev/shm (memory) where there is one, so the disk's load does not decide it; and
           under each, the shell writing the finished database alone (the schema, every row
           copied from a database crosswalk imported, the full-text index rebuilt): the least
           any importer of this schema can take
  map      `crosswalk map --json` of Benchmarks/reflection-400.txt beside `crosswalk --help` (the
           process-start floor), and at 10x and 100x beside 1x
  static   the statically linked runtime: `--help`, `map` and the binary's size, beside the
           ordinary build
  log      learning logs of 20,000 and 100,000 entries: `log import` of a JSON backup, `log list
           --json` and the exports beside the sqlite3 shell selecting the same rows, `log list`,
           `log summary` and `log check` beside the shell reading the columns they show, each
           export's peak memory, and `log add` beside its time on a 200-entry log

--quick leaves out the 100x data, the 100,000-entry log and the static build, and runs fewer
times: a check in a few minutes that the figures still hold.

The generated data: the 10x and 100x datasets are Data/ plus 9 or 99 copies of every file whose
rows can be repeated (frameworks, standards, elements, indicators, qualifications and their
groups, units, qualification units, register rules, links, vocabulary; the six capabilities,
the Things, the register parts and the documents are fixed sets). Copy k adds "-xk" to each code
it copies and keeps codes it does not (a capability, a Thing, a document), so every reference
resolves and `crosswalk check` passes (checked before anything is timed). Its text is the
original's with about half of its words (chosen per copy, consistently) replaced by made-up
words of similar length: a larger body of standards shares much of its vocabulary with the
rest, not all of it. The logs are entries of 40 to 400 words drawn from the evaluation cases
and the reflection, dated over ten years, each with 5 to 13 references to real codes (about a
third confirmed, a few rejected) and most with a CPL element.
"""
import argparse
import csv
import functools
import hashlib
import io
import json
import os
import pathlib
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent

# MARK: Measuring


def run_once(argv, env=None, stdin_path=None, prepare=None, memory=False):
    """Wall seconds and, with `memory`, peak resident memory (MB) of one whole process.

    The peak is read by GNU time, which starts the process itself: a process started straight
    from this script would count this script's own memory in its peak (Linux keeps the larger
    of the two across fork and exec)."""
    if prepare:
        prepare()
    report = None
    if memory:
        report = tempfile.NamedTemporaryFile(prefix="crosswalk-time-", delete=False)
        report.close()
        argv = ["/usr/bin/time", "-f", "%M", "-o", report.name] + list(argv)
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    error = process.stderr.read()
    process.stderr.close()
    if stdin_path:
        stdin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(map(str, argv))}\n{error.decode(errors='replace')}")
    peak = 0.0
    if report:
        peak = float(pathlib.Path(report.name).read_text().split()[-1]) / 1024
        os.unlink(report.name)
    return elapsed, peak


class Timing:
    def __init__(self, samples):
        self.seconds = statistics.median(s for s, _ in samples)
        self.peak_mb = max(m for _, m in samples)
        self.runs = len(samples)

    @property
    def ms(self):
        return self.seconds * 1000


def measure(commands, runs, warmup=1):
    """commands: {label: dict(argv=..., env=..., stdin=..., prepare=...)}, run alternately so
    every command sees the same load; returns {label: Timing}."""
    samples = {label: [] for label in commands}
    for round_number in range(warmup + runs):
        for label, command in commands.items():
            result = run_once(command["argv"], command.get("env"), command.get("stdin"), command.get("prepare"),
                              command.get("memory", False))
            if round_number >= warmup:
                samples[label].append(result)
    return {label: Timing(values) for label, values in samples.items()}


rows_printed = []


def heading(title, baseline):
    """A section: what is measured, and what each figure is set beside."""
    if title:
        print(f"\n{title}")
    if baseline:
        print(f"  {'':<30} {'':>10} {baseline:>12}")


def fmt(value, unit):
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def figure(name, value, baseline, target_ratio=None, unit="ms"):
    """One line: the figure, its baseline from the same run, the ratio, and the target's verdict."""
    ratio = value / baseline if baseline else float("nan")
    verdict = ""
    if target_ratio is not None:
        verdict = f"target {target_ratio:g}x " + ("met" if ratio <= target_ratio else "MISSED")
    print(f"  {name:<30} {fmt(value, unit):>10} {fmt(baseline, unit):>12} {ratio:>6.2f}x  {verdict}")
    rows_printed.append((name, value, baseline, ratio, verdict))


def limit(name, value, maximum, unit):
    """A figure held to a fixed limit rather than to a baseline."""
    verdict = "limit " + fmt(maximum, unit) + " " + ("met" if value <= maximum else "MISSED")
    print(f"  {name:<30} {fmt(value, unit):>10} {'':>12} {'':>7}  {verdict}")
    rows_printed.append((name, value, maximum, None, verdict))


def load_average():
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


# MARK: Generating the reference data at 10x and 100x

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
# Columns holding words (searched and mapped); every other column is a code, a number, an
# enumeration or a URL and is copied as it is (or with the copy's suffix, for a code).
TEXT_COLUMNS = {"name", "title", "text", "overview", "definition", "keywords", "description", "structure", "note",
                "rationale", "aliases", "publisher", "edition", "theme", "badge", "group_badge", "term", "means"}
# The files whose rows are copied, and the columns holding codes the copy renames.
COPIED_KEYS = {"frameworks": "id", "standards": "code", "elements": "code", "indicators": "code",
               "qualifications": "id", "units": "code"}
REFERENCE_COLUMNS = {
    "standards": ["framework"], "elements": ["standard"], "qualification_groups": ["qualification"],
    "qualification_units": ["qualification", "unit"], "register_rules": ["qualification"], "links": ["from", "to"],
}
REPEATED_FILES = ["frameworks", "standards", "elements", "indicators", "qualifications", "qualification_groups",
                  "units", "qualification_units", "register_rules", "links", "vocabulary"]


@functools.lru_cache(maxsize=None)
def made_up(word, copy):
    digest = hashlib.blake2b(f"{word.lower()}|{copy}".encode(), digest_size=8).digest()
    syllables = max(2, min(5, (len(word) + 1) // 2))
    out = "".join(SYLLABLES[digest[i] % len(SYLLABLES)] for i in range(syllables))
    return out.capitalize() if word[:1].isupper() else out


@functools.lru_cache(maxsize=None)
def kept(word, copy):
    """About half of the words stay themselves in a copy, the same half throughout it."""
    return hashlib.blake2b(f"keep|{word.lower()}|{copy}".encode(), digest_size=1).digest()[0] < 128


def reword(text, copy, force=False):
    out, word, changed = [], [], [False]

    def flush():
        if word:
            w = "".join(word)
            if any(ch.isdigit() for ch in w) or (kept(w, copy) and not (force and not changed[0])):
                out.append(w)
            else:
                out.append(made_up(w, copy))
                changed[0] = True
            word.clear()

    for ch in text:
        if ch.isalpha():
            word.append(ch)
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])


def generate_dataset(factor, folder):
    """Data/ and factor - 1 reworded copies of its repeatable rows, written to folder."""
    folder.mkdir(parents=True, exist_ok=True)
    source = ROOT / "Data"
    files = {path.stem: read_csv(path) for path in source.glob("*.csv")}
    renamed = {}
    for name, column in COPIED_KEYS.items():
        for row in files[name][1]:
            renamed[row[column]] = name
    for name, (header, rows) in files.items():
        out = list(rows)
        if name in REPEATED_FILES:
            seen = {(row.get("term"), row.get("means")) for row in rows} if name == "vocabulary" else None
            for copy in range(2, factor + 1):
                suffix = f"-x{copy}"
                for row in rows:
                    new = dict(row)
                    if name == "links" and new["from"] not in renamed and new["to"] not in renamed:
                        continue  # a link between two fixed items exists once
                    if name in COPIED_KEYS:
                        new[COPIED_KEYS[name]] += suffix
                    for column in REFERENCE_COLUMNS.get(name, []):
                        if new[column] in renamed:
                            new[column] += suffix
                    if new.get("award_code"):
                        new["award_code"] += suffix
                    for column in header:
                        if column in TEXT_COLUMNS and new[column]:
                            new[column] = reword(new[column], copy, force=(name == "vocabulary"))
                    if seen is not None:
                        key = (new["term"], new["means"])
                        while key in seen:
                            new["term"] += " " + made_up(new["term"], copy + 1000)
                            key = (new["term"], new["means"])
                        seen.add(key)
                    out.append(new)
        write_csv(folder / f"{name}.csv", header, out)
    return sum(len(rows) for _, rows in (read_csv(p) for p in folder.glob("*.csv")))


# MARK: Generating a learning log

def reference_codes(database):
    connection = sqlite3.connect(database)
    codes = {kind: [row for row in connection.execute(
        "SELECT code, title FROM item WHERE kind = ? ORDER BY code", (kind,))]
        for kind in ["capability", "indicator", "standard", "element", "unit", "activity"]}
    connection.close()
    return codes


def sentences():
    texts = [json.loads(line)["text"] for name in ["dev.jsonl", "test.jsonl"]
             for line in (ROOT / "Eval" / name).read_text().splitlines() if line.strip()]
    texts.append((ROOT / "Benchmarks/reflection-400.txt").read_text())
    out = []
    for text in texts:
        for sentence in text.replace("\n", " ").split(". "):
            if len(sentence.split()) >= 4:
                out.append(sentence.strip().rstrip(".") + ".")
    return out


def log_entries(count, codes, seed=13):
    """count entries as a json export holds them, oldest first."""
    generator = random.Random(seed)
    pool = sentences()
    for number in range(1, count + 1):
        words = generator.randint(40, 400)
        parts, length = [], 0
        while length < words:
            sentence = generator.choice(pool)
            parts.append(sentence)
            length += len(sentence.split())
        text = " ".join(parts)
        date = f"{2016 + (number * 10 // (count + 1))}-{generator.randint(1, 12):02d}-{generator.randint(1, 28):02d}"
        stamp = f"{date}T{generator.randint(7, 21):02d}:{generator.randint(0, 59):02d}:{generator.randint(0, 59):02d}Z"
        references = []
        chosen = (generator.sample(codes["capability"], 3) + generator.sample(codes["indicator"], generator.randint(1, 6))
                  + generator.sample(codes["standard"], generator.randint(1, 4)))
        for code, title in chosen:
            roll = generator.random()
            status = "confirmed" if roll < 0.33 else "rejected" if roll < 0.38 else "suggested"
            references.append({"code": code, "kind": kind_of(code, codes), "status": status,
                               "score": round(generator.uniform(0.1, 0.99), 3), "source": "mapper",
                               "title": title, "added_at": stamp})
        element = f"CPL-{generator.randint(1, 7)}" if generator.random() < 0.8 else None
        thing = generator.choice(codes["activity"])[0] if generator.random() < 0.1 else None
        yield {
            "id": number, "uuid": str(uuid.UUID(int=generator.getrandbits(128), version=4)), "date": date,
            "title": " ".join(parts[0].split()[:6]).rstrip(".,"), "text": text,
            "hours": generator.choice([None, 0.5, 1, 1.5, 2, 3, 6]), "thing": thing, "element": element,
            "element_source": None if element is None else generator.choice(["user", "mapper"]),
            "role": generator.choice(["frontline", "manager", "strategic"]), "words": len(text.split()),
            "created_at": stamp, "updated_at": stamp, "references": references,
        }


_kinds = {}


def kind_of(code, codes):
    if not _kinds:
        for kind, rows in codes.items():
            for c, _ in rows:
                _kinds[c] = kind
    return _kinds[code]


def write_backup(path, entries):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"format": "crosswalk-log", "version": 1, "exported_at": "2026-01-01T00:00:00Z", '
                     '"from": null, "to": null, "settings": {"name": "Alex Morgan"}, "entries": [\n')
        for number, entry in enumerate(entries):
            handle.write((",\n" if number else "") + json.dumps(entry, ensure_ascii=False))
        handle.write("\n]}\n")


def fill_log(binary, path, entries, env):
    """A log of these entries, written straight into a log crosswalk created (faster than
    `log import` for the large logs, which is timed on its own)."""
    subprocess.run([binary, "log", "config", "name", "Alex Morgan", "--log-db", str(path)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    connection = sqlite3.connect(path)
    with connection:
        for entry in entries:
            connection.execute(
                "INSERT INTO entry (id, uuid, date, title, text, hours, thing, element, element_source, role, words, "
                "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (entry["id"], entry["uuid"], entry["date"], entry["title"], entry["text"], entry["hours"],
                 entry["thing"], entry["element"], entry["element_source"], entry["role"], entry["words"],
                 entry["created_at"], entry["updated_at"]))
            connection.executemany(
                "INSERT INTO entry_reference (entry_id, code, kind, status, score, source, title, added_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [(entry["id"], r["code"], r["kind"], r["status"], r["score"], r["source"], r["title"], r["added_at"])
                 for r in entry["references"]])
    connection.close()


# MARK: The benchmark


def build(static):
    """The release binary (a second build folder for the static one, so neither undoes the other)."""
    flags = ["--static-swift-stdlib", "--scratch-path", str(ROOT / ".build/static")] if static else []
    subprocess.run(["swift", "build", "-c", "release", "--product", "crosswalk"] + flags, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"] + flags, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return str(pathlib.Path(path) / "crosswalk")


def import_script(folder, work, name):
    """The sqlite3 side of an import: .import of the very same CSV files into plain tables."""
    script = work / f"{name}.sql"
    script.write_text(".mode csv\n" + "".join(f".import '{path}' {path.stem}\n" for path in sorted(folder.glob("*.csv"))))
    return script


def floor_script(finished, work, name):
    """What SQLite alone takes to write what an import writes: Crosswalk's schema (its checks,
    foreign keys and indexes), every table's finished rows copied from a database crosswalk
    imported (no CSV to read, nothing to validate, no index to work out) and the full-text
    index rebuilt, in one transaction. No importer of this schema can be faster than this."""
    connection = sqlite3.connect(finished)
    tables = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'item_search%' AND name NOT LIKE 'sqlite%' ORDER BY rowid")]
    connection.close()
    # Parents before children (items first: links and the rest refer to them).
    tables.sort(key=lambda table: table != "item")
    scripts = sorted((ROOT / "Schema").glob("reference-v*.sql"), key=lambda path: int(path.stem.split("-v")[1]))
    schema = "".join(path.read_text() for path in scripts)
    script = work / f"{name}.sql"
    script.write_text("PRAGMA journal_mode = WAL;\nPRAGMA foreign_keys = ON;\n" + schema
                      + f"\nATTACH '{finished}' AS finished;\nBEGIN;\nPRAGMA defer_foreign_keys = ON;\n"
                      + "".join(f"INSERT INTO main.{table} SELECT * FROM finished.{table};\n" for table in tables)
                      + "INSERT INTO item_search (item_search) VALUES ('rebuild');\nCOMMIT;\n")
    return script


def main():
    parser = argparse.ArgumentParser(description="Crosswalk at scale: every figure beside its baseline, same run.")
    parser.add_argument("--quick", action="store_true", help="leave out 100x, the 100,000-entry log and the static build")
    parser.add_argument("--runs", type=int, default=None, help="runs of each fast command (default 20, quick 7)")
    parser.add_argument("--no-static", action="store_true", help="leave out the static runtime build")
    parser.add_argument("--keep", help="generate into this folder and keep it (generated data is reused)")
    options = parser.parse_args()
    runs = options.runs or (7 if options.quick else 20)
    few = max(3, runs // 6)
    if not shutil.which("sqlite3"):
        sys.exit("needs the sqlite3 shell: apt-get install sqlite3")

    binary = build(static=False)
    static = None if options.quick or options.no_static else build(static=True)
    work = pathlib.Path(options.keep) if options.keep else pathlib.Path(tempfile.mkdtemp(prefix="crosswalk-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in ("CROSSWALK_DB", "CROSSWALK_LOG", "COLUMNS")}
    env.update(XDG_DATA_HOME=str(work / "xdg"), NO_COLOR="1")
    reflection = ROOT / "Benchmarks/reflection-400.txt"
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    print(f"crosswalk at scale: {os.cpu_count()} cores, load average {load_average()}, sqlite3 {sqlite_version}")
    print(f"medians of whole processes, each beside a baseline from the same run ({runs} runs of the quick ones)")

    # Reference data at 1x, 10x and 100x; each must pass `crosswalk check` before it is timed.
    factors = [1, 10] if options.quick else [1, 10, 100]
    folders = {1: ROOT / "Data"}
    for factor in factors[1:]:
        folders[factor] = work / f"data-{factor}x"
        if not (folders[factor] / "standards.csv").exists():
            generate_dataset(factor, folders[factor])
    databases = {}
    shm = pathlib.Path("/dev/shm")
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="crosswalk-scale-", dir=shm if shm.is_dir() else work))
    heading("import (validate, load, derive links, index for the mapper)"
            + (", in /dev/shm" if shm.is_dir() else ""), "sqlite3 .import")
    for factor in factors:
        folder = folders[factor]
        subprocess.run([binary, "check", "--data", str(folder)], env=env, check=True, stdout=subprocess.DEVNULL)
        rows = sum(max(0, len(read_csv(path)[1])) for path in folder.glob("*.csv"))
        # Both imports write to memory-backed files where the system has them (/dev/shm), so
        # what is compared is the work of importing, not how busy the disk is: the shell's
        # .import commits once per file, and each commit waits for the disk.
        cw, sq, fl = (scratch / f"{side}-{factor}x.db" for side in ("cw", "sq", "floor"))
        script = import_script(folder, work, f"import-{factor}x")
        finished = scratch / f"finished-{factor}x.db"
        subprocess.run([binary, "import", "--data", str(folder), "--db", str(finished)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        floor = floor_script(finished, work, f"floor-{factor}x")

        def fresh(paths=(cw, sq, fl)):
            for path in paths:
                for suffix in ["", "-wal", "-shm"]:
                    pathlib.Path(str(path) + suffix).unlink(missing_ok=True)

        timings = measure({
            "crosswalk": dict(argv=[binary, "import", "--data", str(folder), "--db", str(cw)], env=env, prepare=fresh),
            "sqlite3": dict(argv=["sqlite3", str(sq), f".read {script}"], env=env, prepare=fresh),
            "floor": dict(argv=["sqlite3", str(fl), f".read {floor}"], env=env, prepare=fresh),
        }, runs if factor == 1 else few)
        figure(f"{factor}x: {rows:,} rows", timings["crosswalk"].ms, timings["sqlite3"].ms, 2)
        figure("  sqlite3 writing it alone", timings["floor"].ms, timings["sqlite3"].ms)
        # The floor wrote what crosswalk writes, or it measures nothing.
        with sqlite3.connect(fl) as copy:
            copy.execute(f"ATTACH '{finished}' AS finished")
            for table in ("item", "link", "mapping_bucket"):
                assert copy.execute(f"SELECT count(*) FROM {table}").fetchone() == \
                    copy.execute(f"SELECT count(*) FROM finished.{table}").fetchone(), table
        copy.close()
        # The database the other figures use, on the disk like a user's.
        databases[factor] = work / f"cw-{factor}x.db"
        for suffix in ["", "-wal", "-shm"]:
            pathlib.Path(str(databases[factor]) + suffix).unlink(missing_ok=True)
        subprocess.run([binary, "import", "--data", str(folder), "--db", str(databases[factor])], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        fresh()

    shutil.rmtree(scratch, ignore_errors=True)

    # map beside the process-start floor, and on larger data beside 1x.
    def map_command(build, factor, text=None):
        argv = [build, "map", "--json", "--db", str(databases[factor])]
        return dict(argv=argv + (["--file", str(reflection)] if text is None else [text]), env=env)

    commands = {"help": dict(argv=[binary, "--help"], env=env), "note": map_command(binary, 1, "supervision")}
    for factor in factors:
        commands[f"map {factor}x"] = map_command(binary, factor)
    commands["sqlite3"] = dict(argv=["sqlite3", str(databases[1]), "SELECT count(*) FROM item"], env=env)
    if static:
        commands["static help"] = dict(argv=[static, "--help"], env=env)
        commands["static map"] = map_command(static, 1)
    timings = measure(commands, runs, warmup=2)
    heading("map of Benchmarks/reflection-400.txt (--json)", "crosswalk --help")
    figure("map, 1x", timings["map 1x"].ms, timings["help"].ms, 2)
    figure("map of one word, 1x", timings["note"].ms, timings["help"].ms)
    figure("sqlite3 shell, one query", timings["sqlite3"].ms, timings["help"].ms)
    heading("map as the data grows", "map at 1x")
    for factor in factors[1:]:
        figure(f"map, {factor}x", timings[f"map {factor}x"].ms, timings["map 1x"].ms, 3 if factor == 100 else None)
    if static:
        heading("static runtime (--static-swift-stdlib)", "dynamic build")
        figure("--help", timings["static help"].ms, timings["help"].ms)
        figure("map, 1x", timings["static map"].ms, timings["map 1x"].ms)
        figure("binary size", os.path.getsize(static) / 1e6, os.path.getsize(binary) / 1e6, unit="MB")

    # The learning log at 20,000 and 100,000 entries.
    codes = reference_codes(databases[1])
    sizes = [20_000] if options.quick else [20_000, 100_000]
    small = work / "log-200.db"
    small.unlink(missing_ok=True)
    fill_log(binary, small, log_entries(200, codes), env)
    imports, peaks = {}, {}
    for size in sizes:
        print(f"\nlearning log of {size:,} entries")
        backup = work / f"backup-{size}.json"
        if not backup.exists():
            write_backup(backup, log_entries(size, codes))
        log = work / f"log-{size}.db"
        imported = work / f"imported-{size}.db"

        def fresh_import(path=imported):
            for suffix in ["", "-wal", "-shm"]:
                pathlib.Path(str(path) + suffix).unlink(missing_ok=True)

        timing = measure({"import": dict(argv=[binary, "log", "import", str(backup), "--log-db", str(imported),
                                               "--db", str(databases[1])], env=env, prepare=fresh_import)},
                         1 if size > 20_000 else 3, warmup=0)["import"]
        imports[size] = timing.seconds
        log.unlink(missing_ok=True)
        fill_log(binary, log, log_entries(size, codes), env)
        common = ["--log-db", str(log), "--db", str(databases[1])]
        outline = ("SELECT e.id, e.date, e.title, e.hours, e.thing, e.element, r.code, r.status FROM entry e "
                   "LEFT JOIN entry_reference r ON r.entry_id = e.id ORDER BY e.date, e.id")
        whole = "SELECT e.*, r.* FROM entry e LEFT JOIN entry_reference r ON r.entry_id = e.id ORDER BY e.date, e.id"
        count = few if size > 20_000 else max(few, runs // 3)
        timings = measure({
            "list json": dict(argv=[binary, "log", "list", "--json"] + common, env=env),
            "sqlite3 json": dict(argv=["sqlite3", "-json", str(log), whole], env=env),
            "list": dict(argv=[binary, "log", "list"] + common, env=env),
            "summary": dict(argv=[binary, "log", "summary"] + common, env=env),
            "check": dict(argv=[binary, "log", "check"] + common, env=env),
            "sqlite3 outline": dict(argv=["sqlite3", str(log), outline], env=env),
        }, count)
        if size == 20_000:
            limit(f"log import ({backup.stat().st_size / 1e6:.0f} MB backup)", timing.seconds, 10, "s")
        else:
            heading("", "20,000 entries")
            figure(f"log import ({backup.stat().st_size / 1e6:.0f} MB backup)", timing.seconds, imports[20_000], unit="s")
        heading("", "sqlite3 -json")
        figure("log list --json", timings["list json"].ms, timings["sqlite3 json"].ms, 2.5 if size == 20_000 else None)
        exports = measure({f: dict(argv=[binary, "log", "export", "--format", f] + common, env=env, memory=True)
                           for f in ["md", "csv", "json", "badge", "html", "statement", "ob3"]}, 1 if size > 20_000 else few, warmup=0)
        for name, timing in exports.items():
            figure(f"log export --format {name}", timing.ms, timings["sqlite3 json"].ms)
        heading("", "sqlite3 outline")
        for name in ["list", "summary", "check"]:
            figure(f"log {name}", timings[name].ms, timings["sqlite3 outline"].ms)
        if size == 20_000:
            for name, timing in exports.items():
                limit(f"export {name}: peak memory", timing.peak_mb, 150, "MB")
            peaks[size] = {name: timing.peak_mb for name, timing in exports.items()}
        else:
            heading("", "20,000 entries")
            for name, timing in exports.items():
                figure(f"export {name}: peak memory", timing.peak_mb, peaks[20_000][name], unit="MB")
        add = ["log", "add", "--title", "Supervision", "--date", "2025-03-14", "--file", str(reflection),
               "--db", str(databases[1]), "--log-db"]
        timings = measure({
            "add": dict(argv=[binary] + add + [str(log)], env=env),
            "add 200": dict(argv=[binary] + add + [str(small)], env=env),
        }, count)
        heading("", "200 entries")
        figure("log add", timings["add"].ms, timings["add 200"].ms, 1.3 if size == 20_000 else None)

    missed = [row for row in rows_printed if "MISSED" in row[4]]
    print(f"\n{len(missed)} target{'' if len(missed) == 1 else 's'} missed"
          + (": " + "; ".join(row[0] for row in missed) if missed else ""))
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
