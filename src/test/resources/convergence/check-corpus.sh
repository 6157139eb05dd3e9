#!/usr/bin/env bash
# Verifies the convergence corpus against a running PostgreSQL 15 server.
# Connection comes from the usual PG* environment variables (PGHOST, PGPORT,
# PGUSER...); the user must be a superuser. For every case directory it creates
# two fresh databases, runs target.sql and reference.sql with ON_ERROR_STOP,
# drops them again, and checks the shape of expected.txt.
#
#   PGHOST=/tmp/corpus-pg PGPORT=55441 PGUSER=postgres ./check-corpus.sh [case-dir...]
set -u
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -gt 0 ]; then cases=("$@"); else cases=("$here"/[0-9][0-9]-*/); fi
fail=0; n=0
run_sql() { # db file
    psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >/dev/null 2>"$tmp/err" || { sed 's/^/    /' "$tmp/err"; return 1; }
}
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for dir in "${cases[@]}"; do
    dir="${dir%/}"; name="$(basename "$dir")"; n=$((n+1)); ok=1
    for f in target.sql reference.sql expected.txt; do
        [ -f "$dir/$f" ] || { echo "FAIL $name: missing $f"; ok=0; }
    done
    if [ $ok = 1 ]; then
        head -1 "$dir/reference.sql" | grep -q '^-- covers: ' || { echo "FAIL $name: reference.sql must start with '-- covers: '"; ok=0; }
        # expected.txt: findings (sorted), '---', refuse lines
        awk -v name="$name" '
            /^#/ { next }
            $0 == "---" { if (sep) { print "FAIL " name ": two --- lines"; bad=1 } sep=1; next }
            !sep && !/^reference-(missing|extra|mismatch) [a-z-]+ .+$/ { print "FAIL " name ": bad finding line: " $0; bad=1 }
            sep && !/^refuse [a-z-]+ .+$/ { print "FAIL " name ": bad refuse line: " $0; bad=1 }
            !sep { f[substr($0, index($0, " ") + 1)] = 1 }
            sep { r = substr($0, 8); if (!(r in f)) { print "FAIL " name ": refuse without finding: " r; bad=1 } }
            END { if (!sep) { print "FAIL " name ": no --- line"; bad=1 } exit bad }
        ' "$dir/expected.txt" || ok=0
        grep -v '^#' "$dir/expected.txt" | sed '/^---$/q' | grep -v '^---$' > "$tmp/findings"
        LC_ALL=C sort -c "$tmp/findings" 2>/dev/null || { echo "FAIL $name: findings not sorted (LC_ALL=C)"; ok=0; }
        for side in target reference; do
            db="conv_check_${side}"
            dropdb --if-exists "$db" >/dev/null 2>&1
            createdb "$db" || { echo "FAIL $name: createdb $db"; ok=0; continue; }
            run_sql "$db" "$dir/$side.sql" || { echo "FAIL $name: $side.sql"; ok=0; }
            dropdb "$db" || ok=0
        done
    fi
    if [ $ok = 1 ]; then echo "ok   $name"; else fail=$((fail+1)); fi
done
echo "$n cases, $fail failed"
[ $fail = 0 ]
