# Shared by bin/quarry and bench/run: finds a JDK 21+ and builds a module's runtime class path (when stale).
# Usage (sourced): quarry_launch <module folder>  → sets $java, $classpath
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

pick_java() {
  local candidates=() java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for dir in /usr/lib/jvm/*; do [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java"); done
  for java in "${candidates[@]}"; do
    major="$(java_major "$java")"
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then echo "$java"; return; fi
  done
  echo "no JDK 21 or newer found (set JAVA_HOME)" >&2
  return 1
}

quarry_launch() {
  local module="$1" root classpath_file
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  # Keep the native libraries offline: DJL's metadata lookup and ONNX Runtime's telemetry.
  export DJL_OFFLINE=true ORT_DISABLE_TELEMETRY=1
  java="$(pick_java)"
  classpath_file="$root/$module/target/classpath.txt"
  if [ ! -f "$classpath_file" ] \
    || [ -n "$(find "$root" -path '*/src/main/*' -newer "$classpath_file" -print -quit 2>/dev/null)" ] \
    || [ -n "$(find "$root" -name pom.xml -newer "$classpath_file" -print -quit 2>/dev/null)" ]; then
    echo "quarry: building $module and its class path (the first time takes a few minutes; later runs start at" \
      "once)..." >&2
    (cd "$root" && mvn -q -B -Dstyle.color=never -pl "$module" -am -Dmaven.test.skip=true package \
        dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime \
        -Dmdep.regenerateFile=true 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2)  # Maven 3.8 prints colour resets even so
  fi
  classpath="$root/$module/target/classes:$(cat "$classpath_file")"
  java_opts=(--enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl=error)
}
