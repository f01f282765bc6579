#!/bin/sh
# Usage: docker/cds-archive.sh JAR DIR
#
# Lays the jar out as Spring Boot's "tools" jar mode extracts it (DIR/sluis.jar and DIR/lib/) and records a class
# data sharing archive, DIR/sluis.jsa, from one training start: the dev profile on an empty H2 folder, on a random
# port, stopped as soon as the Spring context is refreshed (spring.context.exit=onRefresh). Start the server with
#   java -XX:SharedArchiveFile=DIR/sluis.jsa -jar DIR/sluis.jar
# (same JVM as the training; a mismatched archive is ignored with a warning). The Docker image does this at build
# time; it cuts the start to ready by about a quarter (README, Known limitations, Start-up).
set -eu
jar=$1
dir=$2
java -Djarmode=tools -jar "$jar" extract --destination "$dir"
train=$(mktemp -d)
if ! SLUIS_DATA_DIR="$train/data" java -XX:ArchiveClassesAtExit="$dir/sluis.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dir/sluis.jar" --spring.profiles.active=dev --server.port=0 >"$train/training.log" 2>&1; then
  tail -n 50 "$train/training.log" >&2
  echo "cds-archive.sh: the training start failed" >&2
  exit 1
fi
rm -rf "$train"
test -s "$dir/sluis.jsa"
echo "cds-archive.sh: $dir/sluis.jar with $dir/sluis.jsa"
