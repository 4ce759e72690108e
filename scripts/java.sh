# Picks a JDK >= 21 (sourced by .ci/run, bench/ and scripts/): JAVA_HOME if it is one, else the newest under
# /usr/lib/jvm; exports JAVA_HOME and puts it first on PATH.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
pick_jdk() {
  local best="" best_major=0 jdk major
  for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$jdk" ] && [ -x "$jdk/bin/javac" ] || continue
    major=$(java_major "$jdk" || echo 0)
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$jdk"; best_major="$major"; fi
  done
  echo "$best"
}
use_jdk() {
  JAVA_HOME=$(pick_jdk)
  [ -n "$JAVA_HOME" ] || { echo "no JDK >= 21 found" >&2; return 1; }
  export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
}
