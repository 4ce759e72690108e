#!/usr/bin/env bash
# The web page in headless Chromium: the 1,234-repository namespace page (list cached), timed with the browser's
# Performance API, and screenshots at desktop and phone width.
# Usage: bench/ui.sh [screenshot folder, default target/ui-screenshots]   (docs/ui holds the README's)
source "$(dirname "$0")/lib.sh"
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] \
  || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; }
build
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.github.dockerhubproxy.bench.UiBench "${1:-target/ui-screenshots}" 2>/dev/null
