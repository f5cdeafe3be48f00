#!/usr/bin/env bash
# Speed-up of 2 Spark executors over 1 on this machine: starts a standalone Master and a Worker offering
# 2 cores (from the distribution's lib/spark, no installation), then trains the same sweep REPS times with
# spark.cores.max = 1 (one executor) and 2 (two executors), alternating, and prints wall times with the
# load average before each sweep. Usage (after a build; run from the repository root):
#   bootstrap-spark-it/speedup/measure.sh [CONFIG] [REPS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="$root/bootstrap-app/target/dist"
conf="${1:-$here/speedup.conf}"
reps="${2:-3}"
work="$(mktemp -d)"
mkdir -p "$work/home/jars"
for jar in "$dist"/lib/spark/*.jar; do
  case "$(basename "$jar")" in bootstrap-spark*) ;; *) ln -s "$jar" "$work/home/jars/" ;; esac
done
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/sun.security.action=ALL-UNNAMED"
export SPARK_HOME="$work/home" SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# shellcheck disable=SC2086
java -Xmx256m -cp "$work/home/jars/*" $opens -Dspark.master.rest.enabled=false org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 > "$work/master.log" 2>&1 &
master=$!
# shellcheck disable=SC2086
java -Xmx256m -cp "$work/home/jars/*" $opens org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 \
  --memory 8g --webui-port 0 --work-dir "$work/work" "spark://127.0.0.1:$port" > "$work/worker.log" 2>&1 &
worker=$!
trap 'kill $worker $master 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 90); do grep -q "Successfully registered" "$work/worker.log" && break; sleep 1; done
grep -q "Successfully registered" "$work/worker.log" || { echo "the Worker did not register:"; cat "$work/worker.log"; exit 1; }
echo "executors,rep,wall_s,load1_before,load1_after"
for rep in $(seq 1 "$reps"); do
  for n in 1 2; do
    before=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    "$dist/bin/bootstrap" run "$conf" --no-progress --spark "spark://127.0.0.1:$port" \
      "-Dexecution.spark-conf.\"spark.cores.max\"=$n" "-Dexperiment.output-dir=$work/out-$n-$rep" \
      > "$work/run-$n-$rep.log" 2>&1 || { echo "sweep failed:"; tail -30 "$work/run-$n-$rep.log"; exit 1; }
    end=$(date +%s.%N)
    echo "$n,$rep,$(python3 -c "print(round($end-$start,1))"),$before,$(cut -d' ' -f1 /proc/loadavg)"
  done
done
