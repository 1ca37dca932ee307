#!/usr/bin/env bash
# The scale benchmark (a measurement for deploy/README.md, not a test): durable state transitions
# per second of ../shared/bench/workloads/order-flow.json with 1, 2 and 3 packaged server processes
# on one PostgreSQL, and the CPU-ms and WAL bytes a transition costs. Builds api and the cluster
# module first (SKIP_BUILD=1 to use what is built), then runs io.stepwise.cluster.ScaleBenchmark.
#   deploy/bench/scale-benchmark.sh [--servers 1,2,3] [--executions 2000] [--warmup 300]
#                                   [--clients 16] [--workload FILE]
# STEPWISE_TARGET=target-x uses another build folder (parallel builds). Takes ~3-5 minutes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
. scripts/jdk.sh
stepwise_find_jdk
target="${STEPWISE_TARGET:-target}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl cluster -am package -DskipTests -Dspotless.skip=true -Dstepwise.target="$target"
fi
exec "$JAVA_HOME/bin/java" \
  -cp "cluster/$target/test-classes:$(cat "cluster/$target/test.classpath")" \
  -Dstepwise.server.jar="$repo/api/$target/quarkus-app/quarkus-run.jar" \
  -Dstepwise.shared="$repo/../shared" \
  -Dstepwise.cluster.output="$repo/cluster/$target" \
  io.stepwise.cluster.ScaleBenchmark "$@"
