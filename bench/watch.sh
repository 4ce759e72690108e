#!/usr/bin/env bash
# The watch list: Docker Hub requests per cycle for 1,234 watched repositories (bigorg/* on the emulator) when nothing
# changed, and /history for a year of 15-minute samples (35,040 rows), on SQLite and on a PostgreSQL the bench starts.
# Usage: bench/watch.sh   (PostgreSQL from Debian's postgresql package, installed when missing)
source "$(dirname "$0")/lib.sh"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
build
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.github.dockerhubproxy.bench.WatchBench 2>/dev/null
