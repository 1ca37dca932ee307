# Sourced by ./stepwise and .ci/run: sets JAVA_HOME to a JDK 21 or newer, or explains what to install.
stepwise_java_version() { # prints the major version of the java binary $1
  "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}
stepwise_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(stepwise_java_version "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$dir/bin/javac" ] || continue
    version=$(stepwise_java_version "$dir/bin/java")
    if [ -n "$version" ] && [ "$version" -ge 21 ] 2>/dev/null && [ "$version" -gt "$best_version" ]; then
      best=$dir best_version=$version
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(stepwise_java_version "$dir/bin/java")
    [ -n "$version" ] && [ "$version" -ge 21 ] 2>/dev/null && best=$dir
  fi
  if [ -z "$best" ]; then
    echo "stepwise: no JDK 21 or newer found (JAVA_HOME, /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
