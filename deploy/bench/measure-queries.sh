#!/usr/bin/env bash
# Measures ListExecutions / GetExecutionHistory / retention / metrics queries on 1,000,000
# generated executions (a measurement for deploy/README.md, not a test). It starts the packaged
# server once on a scratch data folder so that Flyway creates the real schema in its embedded
# PostgreSQL, loads million-executions.sql into that PostgreSQL with psql, and runs queries.sql.
# Needs: api packaged (api/target/quarkus-app), psql, a JDK 21+ in JAVA_HOME. Takes ~10 minutes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
app="${STEPWISE_APP:-$repo/api/target/quarkus-app/quarkus-run.jar}"
data="${SCRATCH:-$(mktemp -d /tmp/stepwise-scale.XXXXXX)}"
db_port="${DB_PORT:-54329}"
http_port="${HTTP_PORT:-18089}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

echo "scratch data in $data; server on :$http_port, PostgreSQL on :$db_port"
STEPWISE_DB_PORT="$db_port" "$java" -jar "$app" --data "$data" --port "$http_port" > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$http_port/q/health/ready" > /dev/null 2>&1 && break
  sleep 1
done
psql_() { psql -X -v ON_ERROR_STOP=1 -h localhost -p "$db_port" -U postgres -d postgres "$@"; }
if [ "$(psql_ -Atc 'SELECT count(*) FROM executions')" -lt 1000000 ]; then
  echo "generating data ..."
  psql_ -f "$here/million-executions.sql"
fi
echo "measuring ..."
psql_ -f "$here/queries.sql"
psql_ -f "$here/queries.sql" | grep -E "^(ListExecutions|GetExecutionHistory|Cluster|Retention)| Execution Time"
