#!/usr/bin/env bash
# The soak benchmark (a measurement for api/README.md, not a test): starts the packaged server on a
# fresh embedded PostgreSQL with retention on, and drives it through the AWS SDK with issue 19's
# workload (Pass, Choice, a 1-second Wait, Pass; a tenth each of tasks nobody answers that end by
# their 1-second TimeoutSeconds or HeartbeatSeconds). Prints, every interval: starts/s, throttles/s,
# how late the Waits, timeouts and heartbeats fired (p50/p99/max), the server's memory and the
# database's size. Builds api first (SKIP_BUILD=1 to use what is built), then runs
# io.stepwise.api.bench.SoakBenchmark (its Javadoc lists the options):
#   deploy/bench/soak-benchmark.sh [--find-max 180] [--soak 600] [--share 0.8] [--rate N]
#                                  [--clients 32] [--every 10] [--retention PT2M] [--storage 3000]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. scripts/jdk.sh
stepwise_find_jdk
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl api -am package -DskipTests -Dspotless.skip=true \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
fi
exec "$JAVA_HOME/bin/java" \
  -cp "api/target/test-classes:$(cat api/target/test.classpath)" \
  io.stepwise.api.bench.SoakBenchmark --jar "$repo/api/target/quarkus-app/quarkus-run.jar" "$@"
