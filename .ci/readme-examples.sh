#!/usr/bin/env bash
# Runs every ```bash block of README.md, in order, in one bash session, against the real service started the way the
# README's first command does (the embedded default: embedded PostgreSQL store, demo users, demo targets carrying the
# incidents' drift), so a stale example (a 404, a wrong field, a date GNU date refuses) fails CI.
#
# It starts the jar `./mvnw verify` (or `package`) built, on free ports and with a throw-away data folder, waits for
# /actuator/health/readiness, then runs the blocks with `set -euo pipefail`. Inside them `curl` fails on an HTTP error
# (--fail-with-body, printing the status and the body), a jq that prints a bare `null` fails, and a variable set from
# `$(… | jq …)` must not come out empty, `null` or `[]`. README's `http://localhost:8080` is the port the jar got.
# A block preceded by `<!-- readme-examples: skip (why) -->` is not run (it starts the service, or needs a database
# of your own); the summary lists what ran and what was skipped. Usage: .ci/readme-examples.sh [README.md]
set -euo pipefail
readme="$(realpath "${1:-$(dirname "$0")/../README.md}")"
cd "$(dirname "$0")/.."

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
shopt -s nullglob
jars=(target/tidemark-*.jar)
[ "${#jars[@]}" -eq 1 ] || { echo "readme-examples: expected one target/tidemark-*.jar (run ./mvnw package), found: ${jars[*]:-none}" >&2; exit 1; }
jar="$(pwd)/${jars[0]}"
for tool in curl jq python3; do command -v "$tool" >/dev/null || { echo "readme-examples: $tool is missing" >&2; exit 1; }; done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_port="$(free_port)"
pg_port="$(free_port)"
work="$(mktemp -d "${TMPDIR:-/tmp}/tidemark-readme.XXXXXX")"
log="$work/tidemark.log"
mkdir "$work/data" "$work/run"

java_pid=""
stop() {
  if [ -n "$java_pid" ] && kill -0 "$java_pid" 2>/dev/null; then
    kill -TERM "$java_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$java_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$java_pid" 2>/dev/null || true
  fi
  # the embedded PostgreSQL is a child of the JVM; if the JVM could not stop it, stop it by its own pid file
  for pidfile in "$work"/data/*/postmaster.pid "$work"/data/postmaster.pid; do
    [ -f "$pidfile" ] && kill -TERM "$(head -n1 "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT

# The README's first command, `./mvnw spring-boot:run`, is this jar on the embedded default.
started=$(date +%s)
(cd "$work/run" && TIDEMARK_DATA_DIR="$work/data" TIDEMARK_EMBEDDED_PORT="$pg_port" \
  exec "$java" -jar "$jar" --server.port="$http_port") >"$log" 2>&1 &
java_pid=$!
echo "readme-examples: started $(basename "$jar") (pid $java_pid) on port $http_port, embedded PostgreSQL on $pg_port"

deadline=$((started + ${README_EXAMPLES_START_TIMEOUT:-180}))
until [ "$(curl -s "http://127.0.0.1:$http_port/actuator/health/readiness" | jq -r .status 2>/dev/null)" = UP ]; do
  if ! kill -0 "$java_pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
    echo "readme-examples: the service did not become ready; its log ends:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  sleep 1
done
echo "readme-examples: ready after $(( $(date +%s) - started ))s"

# Split README.md into its bash blocks: one file each, plus a plan (number, line, skip reason).
python3 - "$readme" "$work/blocks" "$http_port" <<'PY'
import os, re, sys
readme, out, port = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out)
lines = open(readme, encoding="utf-8").read().split("\n")
plan, i, n = [], 0, 0
assignment = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=\$\(.*\bjq\b")
while i < len(lines):
    if lines[i].strip() == "```bash":
        n += 1
        start = i + 1
        j = i - 1
        while j >= 0 and lines[j].strip() == "":
            j -= 1
        m = re.match(r"^<!--\s*readme-examples:\s*skip\s*(?:\((.*)\))?\s*-->$", lines[j].strip()) if j >= 0 else None
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        # logical lines (backslash continuations joined) so a check can follow a whole command
        script, logical = [], []
        for k, line in enumerate(body):
            logical.append(line.replace("http://localhost:8080", "http://localhost:" + port))
            if line.rstrip().endswith("\\"):
                continue
            script.extend(logical)
            a = assignment.match(logical[0])
            if a:
                script.append("__require %s %d" % (a.group(1), start + 1 + k - (len(logical) - 1)))
            logical = []
        script.extend(logical)
        with open(os.path.join(out, "%02d.sh" % n), "w", encoding="utf-8") as f:
            f.write("\n".join(script) + "\n")
        plan.append("%d\t%d\t%s" % (n, start, ("skip: " + (m.group(1) or "marked")) if m else "run"))
    i += 1
open(os.path.join(out, "plan"), "w").write("\n".join(plan) + "\n")
PY

# One bash session runs every block; the wrappers below are what makes a failure visible.
cat >"$work/driver.sh" <<'SH'
set -Eeuo pipefail
curl() {
  local body status rc=0
  body="$(mktemp)"
  status="$(command curl --fail-with-body -sS -o "$body" -w '%{http_code}' "$@")" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "readme-examples: curl failed (exit $rc, HTTP ${status:-none}): curl $*" >&2
    head -c 2000 "$body" >&2; echo >&2
    rm -f "$body"
    return "$rc"
  fi
  cat "$body"; rm -f "$body"
}
jq() {
  local out
  out="$(command jq "$@")"
  if printf '%s\n' "$out" | grep -qx 'null'; then
    echo "readme-examples: jq $* selected nothing (null)" >&2
    return 1
  fi
  [ -z "$out" ] || printf '%s\n' "$out"
}
__require() {
  local value="${!1-}"
  case "$value" in
    ''|null|'[]') echo "readme-examples: $__readme:$2 left $1 empty ('$value'), and later commands need it" >&2; return 1 ;;
  esac
}
trap 'echo "readme-examples: FAILED in block $__block ($__readme:$__line): $BASH_COMMAND" >&2' ERR
mapfile -t __plan <"$__blocks/plan"
for __entry in "${__plan[@]}"; do
  IFS=$'\t' read -r __block __line __what <<<"$__entry"
  echo   # a body without a final newline would run into the header
  if [ "$__what" != run ]; then
    echo "=== block $__block ($__readme:$__line) skipped (${__what#skip: })"
    continue
  fi
  echo "=== block $__block ($__readme:$__line)"
  # shellcheck disable=SC1090
  source "$__blocks/$(printf '%02d' "$__block").sh"
done
SH

cd "$work/run"
began=$(date +%s)
if __readme="$(basename "$readme")" __blocks="$work/blocks" bash "$work/driver.sh" </dev/null; then
  ran=$(grep -c $'\trun$' "$work/blocks/plan" || true)
  skipped=$(grep -vc $'\trun$' "$work/blocks/plan" || true)
  echo "readme-examples: OK, $ran README bash blocks ran ($skipped skipped) in $(( $(date +%s) - began ))s"
else
  rc=$?
  echo "readme-examples: a README example failed (exit $rc); the service's log ends:" >&2
  tail -n 30 "$log" >&2
  exit "$rc"
fi
