#!/usr/bin/env bash
# Benchmark: whole `crosswalk search -`, `eval` and `map` processes on inputs from 30 KB up to
# the 8 MB input limit, in three shapes: a pasted document (a reflection's words repeated), text
# of distinct nonsense words, and one word in random upper/lower case (distinct spellings of
# one term). Prints the median wall time of each. Target for search (issue 12): under a second
# for any input up to the limit; before the fix a 30 KB query took 5.6 s.
#
#   Benchmarks/large-input.sh            # release build, median of 3 runs
#   RUNS=5 Benchmarks/large-input.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}

swift build -c release --product crosswalk >/dev/null
binary=$(swift build -c release --show-bin-path)/crosswalk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CROSSWALK_DB="$work/reference.db"
"$binary" list capabilities >/dev/null   # builds the database outside the timing

python3 - "$work" <<'PY'
import json, random, sys
work = sys.argv[1]
random.seed(12)
reflection = open("Benchmarks/reflection-400.txt").read().split()
def pasted(size):
    words, n = [], 0
    while n < size:
        word = reflection[len(words) % len(reflection)]
        words.append(word); n += len(word) + 1
    return " ".join(words)[:size]
def distinct(size):
    words, n = [], 0
    while n < size:
        word = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
        words.append(word); n += 8
    return " ".join(words)[:size]
def cases(size):
    words, n = [], 0
    while n < size:
        word = "".join(c.upper() if random.random() < 0.5 else c for c in "supervision")
        words.append(word); n += 12
    return " ".join(words)[:size]
for label, size in [("30KB", 30_000), ("120KB", 120_000), ("360KB", 360_000), ("1MB", 1_000_000), ("8MB", 8_000_000)]:
    for shape, make in [("pasted", pasted), ("distinct", distinct), ("case", cases)]:
        text = make(size)
        open(f"{work}/{shape}-{label}.txt", "w").write(text)
        case = {"id": "big", "role": "manager", "text": text, "primary": "vision", "also": [], "standards": []}
        open(f"{work}/{shape}-{label}.jsonl", "w").write(json.dumps(case) + "\n")
PY

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# Median milliseconds of `runs` runs of the command, standard input from $input.
time_runs() {
    for _ in $(seq "$runs"); do
        start=$(date +%s%N); "$@" <"$input" >/dev/null 2>&1 || true; end=$(date +%s%N)
        echo $(( (end - start) / 1000000 ))
    done | median
}

printf '%-16s %10s %10s %10s\n' "input" "search -" "eval" "map"
for label in 30KB 120KB 360KB 1MB 8MB; do
    for shape in pasted distinct case; do
        input="$work/$shape-$label.txt"
        search_ms=$(time_runs "$binary" search - --limit 5)
        eval_ms=$(time_runs "$binary" eval "$work/$shape-$label.jsonl")
        map_ms=$(time_runs "$binary" map - --limit 3)
        printf '%-16s %7s ms %7s ms %7s ms\n' "$shape $label" "$search_ms" "$eval_ms" "$map_ms"
    done
done
