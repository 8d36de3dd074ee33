#!/usr/bin/env bash
# Lays out the build context of every image under docker/target/<image>/ from what the Maven build
# made (run it after 'mvn -B -pl flink-jobs,alerts,trainer,cluster,platform -am package
# -DskipTests'; docker/test.sh does both). Nothing here downloads anything but, once, two
# artifacts from Maven Central that no module depends on (flink-container for the test's Flink
# stand-in, and the registry's zip if the platform module has not unpacked it).
#
#   job/       usrlib/hashstream-job.jar, lib/ (DJL, its PyTorch and ONNX Runtime natives,
#              the TwelveMonkeys ImageIO plugins): what goes on top of the official Flink image
#   alerts/    lib/ (the moderation service and its runtime class path)
#   trainer/   lib/ (the trainer CLIs and their runtime class path)
#   registry/  apicurio/ (the unpacked Apicurio Registry 2.6 Quarkus distribution)
#   kafka/     kafka-start.sh (the broker itself comes with the base image)
#   and for docker/test.sh only, the stand-ins for images this machine cannot pull:
#   flink-like/  lib/, plugins/metrics-prometheus/, conf/, docker-entrypoint.sh
#   kafka-like/  libs/ (a KRaft broker from Maven jars)
#
# Usage: docker/stage.sh [--no-test-bases]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/docker/target"
FLINK_VERSION=2.2.1
APICURIO=io.apicurio:apicurio-registry-app:2.6.13.Final:zip:all

die() { echo "stage: $*" >&2; exit 1; }
test_bases=1
[[ "${1:-}" == --no-test-bases ]] && test_bases=0

classpath() { # the runtime class path a module's build wrote, one entry a line
  local f="$ROOT/$1/target/classpath.txt"
  [[ -s "$f" ]] || die "no $f: build first: mvn -B -o -pl flink-jobs,alerts,trainer,cluster,platform -am package -DskipTests"
  tr ':' '\n' <"$f" | sed '/^$/d'
}
module_jar() { # the module's own jar
  local jar
  jar=$(ls "$ROOT/$1"/target/hashstream-"$1"-*.jar 2>/dev/null | grep -v -E -- '-(tests|sources|job)\.jar$' | head -n1)
  [[ -n "$jar" ]] || die "no jar in $1/target: build first (mvn -B -o -pl $1 -am package -DskipTests)"
  echo "$jar"
}
put() { # put FILE DIR: hard link when possible (same file system as ~/.m2), else copy
  mkdir -p "$2"
  ln -f "$1" "$2/" 2>/dev/null || cp -f "$1" "$2/"
}
artifact() { # a Maven artifact's path in the local repository, fetched from Central if missing
  local gav="$1" dir
  dir=$(mktemp -d)
  if ! mvn -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="$gav" \
      -DoutputDirectory="$dir" -Dmdep.useBaseVersion=true >/dev/null 2>&1; then
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dartifact="$gav" \
      -DoutputDirectory="$dir" -Dmdep.useBaseVersion=true >/dev/null || die "cannot resolve $gav"
  fi
  ls "$dir"/* | head -n1
}

rm -rf "$OUT"
mkdir -p "$OUT"

# --- the job: the job jar in usrlib/, what must load once per TaskManager JVM in lib/ ---------
job_jar=$(ls "$ROOT"/flink-jobs/target/hashstream-flink-jobs-*-job.jar 2>/dev/null | head -n1)
[[ -n "$job_jar" ]] || die "no flink-jobs/target/hashstream-flink-jobs-*-job.jar: mvn -B -o -pl flink-jobs -am package -DskipTests"
mkdir -p "$OUT/job/usrlib"
cp -f "$job_jar" "$OUT/job/usrlib/hashstream-job.jar"
# The cluster module's class path is a Flink distribution's lib/ plus these (its pom says why).
# DJL's own dependencies (gson, JNA, commons-compress/codec) come along: the Flink image lacks
# JNA and gson, and DJL's natives must never load through the job's class loader.
EXTRAS='/(ai/djl|com/microsoft/onnxruntime|com/twelvemonkeys|com/google/code/gson|com/google/errorprone|net/java/dev/jna|org/apache/commons/commons-compress|commons-codec)/'
while read -r jar; do
  if [[ "$jar" =~ $EXTRAS ]]; then
    put "$jar" "$OUT/job/lib"
  fi
done < <(classpath cluster)

# --- the moderation service and the trainer: their runtime class paths ------------------------
for m in alerts trainer; do
  put "$(module_jar "$m")" "$OUT/$m/lib"
  while read -r jar; do
    [[ -f "$jar" ]] || die "$m class path entry $jar is not a jar: package the reactor (mvn package), not just compile"
    put "$jar" "$OUT/$m/lib"
  done < <(classpath "$m")
done

# --- the schema registry: Apicurio Registry 2.6 (Quarkus fast-jar, runs on Java 17) -----------
mkdir -p "$OUT/registry/apicurio"
if [[ -f "$ROOT/platform/target/apicurio-registry/apicurio-registry-app-2.6.13.Final-runner.jar" ]]; then
  cp -a "$ROOT/platform/target/apicurio-registry/." "$OUT/registry/apicurio/"
else
  (cd "$OUT/registry/apicurio" && unzip -q "$(artifact "$APICURIO")")
fi

# --- Kafka: our start script over the official image's /opt/kafka/libs ------------------------
mkdir -p "$OUT/kafka"
cp "$ROOT/docker/kafka/kafka-start.sh" "$OUT/kafka/"
cp "$ROOT/docker/trainer/trainer.sh" "$OUT/trainer/"

if [[ $test_bases == 1 ]]; then
  # --- test only: a Flink image from Maven jars, laid out as the official one -----------------
  F="$OUT/flink-like"
  mkdir -p "$F/lib" "$F/plugins/metrics-prometheus" "$F/conf"
  while read -r jar; do
    case "$jar" in
      */flink-metrics-prometheus-*) put "$jar" "$F/plugins/metrics-prometheus" ;;
      */info/picocli/*|*/cluster/target/*) ;;            # the ./hashstream cluster launcher
      *) [[ "$jar" =~ $EXTRAS ]] || put "$jar" "$F/lib" ;;
    esac
  done < <(classpath cluster)
  # the application-mode entry point (flink-dist has it; on Central it is its own artifact)
  put "$(artifact org.apache.flink:flink-container:$FLINK_VERSION)" "$F/lib"
  if ! ls "$F/plugins/metrics-prometheus/"*.jar >/dev/null 2>&1; then
    put "$(artifact org.apache.flink:flink-metrics-prometheus:$FLINK_VERSION)" "$F/plugins/metrics-prometheus"
  fi
  cp "$ROOT"/docker/test/flink-like/docker-entrypoint.sh "$F/"
  cp "$ROOT"/docker/test/flink-like/conf/* "$F/conf/"

  # --- test only: a KRaft broker from Maven jars, where the official Kafka image has it -------
  K="$OUT/kafka-like"
  while read -r jar; do
    case "$jar" in
      */target/hashstream-*|*/org/apache/avro/*|*/info/picocli/*) ;;
      *) put "$jar" "$K/libs" ;;
    esac
  done < <(classpath platform)
fi

du -sh "$OUT"/* | sed 's#'"$OUT"'/#  #'
