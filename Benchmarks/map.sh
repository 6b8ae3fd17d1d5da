#!/usr/bin/env bash
# Benchmark: a whole `crosswalk map` process on a 400-word reflection, beside the sqlite3 shell
# running the plain BM25 baseline query (BaselineMapper.sql) on the same database, same run.
# Prints the median of each and their ratio. Targets: map under 30 ms, under 3x sqlite3.
#
#   Benchmarks/map.sh            # release build, as shipped
#   RUNS=50 Benchmarks/map.sh    # more runs
#   SWIFT_BUILD_FLAGS=--static-swift-stdlib Benchmarks/map.sh   # statically linked runtime
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-30}
reflection=Benchmarks/reflection-400.txt

swift build -c release ${SWIFT_BUILD_FLAGS:-} >/dev/null
binary=$(swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/crosswalk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CROSSWALK_DB="$work/reference.db"
"$binary" list capabilities >/dev/null   # builds the database outside the timing

# The baseline's single query, BaselineMapper.sql verbatim (a unit test checks they agree),
# with its ?1 argument written in: the text's distinct words (case aside, at most 256), quoted,
# joined by OR, as SearchQuery.terms and SearchQuery.expression build it.
cat >"$work/query.sql" <<'SQL'
SELECT i.code, i.kind, i.title, -bm25(item_search) AS score
FROM item_search JOIN item i ON i.rowid = item_search.rowid
WHERE item_search MATCH ?1
ORDER BY score DESC
LIMIT 200
SQL
expression=$(tr -cs '[:alnum:]' '\n' <"$reflection" | grep -v '^$' | awk '!seen[tolower($0)]++' | head -n 256 | sed 's/"/""/g; s/.*/"&"/' | paste -sd '|' - | sed 's/|/ OR /g')
sed "s|?1|'${expression//\'/\'\'}'|; \$s/\$/;/" "$work/query.sql" >"$work/BaselineMapper.sql"
rows=$(sqlite3 "$CROSSWALK_DB" ".read $work/BaselineMapper.sql" | wc -l)
words=$(wc -w <"$reflection")
echo "reflection: $words words; baseline query returns $rows rows"

map_command="$binary map --file $reflection --json"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/times.json" \
        "$map_command" "sqlite3 $CROSSWALK_DB '.read $work/BaselineMapper.sql'" >/dev/null
    map_ms=$(python3 -c "import json,statistics;d=json.load(open('$work/times.json'));print('%.1f'%(1000*statistics.median(d['results'][0]['times'])))")
    sql_ms=$(python3 -c "import json,statistics;d=json.load(open('$work/times.json'));print('%.1f'%(1000*statistics.median(d['results'][1]['times'])))")
else
    time_runs() {
        for _ in $(seq "$runs"); do
            start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
            echo $(( (end - start) / 1000 ))
        done | median | awk '{ printf "%.1f", $1 / 1000 }'
    }
    "$binary" map --file "$reflection" --json >/dev/null
    map_ms=$(time_runs "$binary" map --file "$reflection" --json)
    sql_ms=$(time_runs sqlite3 "$CROSSWALK_DB" ".read $work/BaselineMapper.sql")
fi

ratio=$(awk -v a="$map_ms" -v b="$sql_ms" 'BEGIN { printf "%.2f", a / b }')
echo "crosswalk map (whole process), median of $runs: $map_ms ms   (target < 30 ms)"
echo "sqlite3 shell, baseline query, median of $runs: $sql_ms ms"
echo "ratio map / sqlite3: ${ratio}x   (target < 3x)"
