#!/usr/bin/env bash
# Builds the Stepwise container images WITHOUT a Docker daemon or a registry:
#   1. a Debian bookworm root file system (debootstrap --variant=minbase, from the Debian mirror),
#   2. a Java runtime jlink'ed from the JDK in JAVA_HOME (21 or newer) into /opt/java/openjdk,
#   3. both as one base image in `docker save` format: deploy/target/image-base/stepwise-base.tar,
#   4. Jib (jib-maven-plugin buildTar, profile -Pimage, module deploy/images) layers the packaged
#      server (api/target/quarkus-app) and worker (worker/target/*.jar + lib/) on that base and
#      writes deploy/images/target/stepwise-server.tar and stepwise-worker.tar.
# Load them with `docker load -i ...`, `podman load -i ...` or `skopeo copy docker-archive:...`.
# Steps 1-3 are cached in deploy/target/image-base; delete that folder to rebuild the base.
# Needs root (debootstrap) and the debootstrap package: apt-get install -y debootstrap.
# Options: --skip-build (the api and worker are already packaged), --base-only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="$here/target/image-base"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
skip_build=false
base_only=false
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    --base-only) base_only=true ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
mkdir -p "$work"

# The JRE's modules: what Quarkus, the PostgreSQL drivers, the AWS SDK and JFR/JMX diagnostics use.
modules=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,\
java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,\
jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.management,jdk.management.jfr,\
jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

if [ ! -f "$work/stepwise-base.tar" ]; then
  if [ ! -x "$work/rootfs/bin/sh" ]; then
    echo "== 1. Debian root file system (debootstrap, a minute or two)"
    command -v debootstrap > /dev/null || { echo "install debootstrap first: apt-get install -y debootstrap" >&2; exit 1; }
    rm -rf "$work/rootfs"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" > "$work/debootstrap.log"
  fi
  echo "== 2. Java runtime (jlink from $JAVA_HOME)"
  rm -rf "$work/jre" "$work/staging"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$work/jre" \
    --strip-debug --no-man-pages --no-header-files
  echo "== 3. base image (docker save format)"
  cp -a "$work/rootfs" "$work/staging"
  s="$work/staging"
  # What a server process never needs in a container: package lists, docs, caches, locales.
  rm -rf "$s"/var/lib/apt/lists/* "$s"/var/cache/apt/* "$s"/usr/share/doc/* "$s"/usr/share/man/* \
    "$s"/usr/share/info/* "$s"/usr/share/locale/* "$s"/var/log/* "$s"/tmp/*
  mkdir -p "$s/opt/java"
  cp -a "$work/jre" "$s/opt/java/openjdk"
  # An unprivileged user (uid 10001) that owns the data folder; the images run as it.
  echo "stepwise:x:10001:10001:Stepwise:/var/lib/stepwise:/usr/sbin/nologin" >> "$s/etc/passwd"
  echo "stepwise:x:10001:" >> "$s/etc/group"
  mkdir -p "$s/var/lib/stepwise"
  chown 10001:10001 "$s/var/lib/stepwise"
  img="$work/image"
  rm -rf "$img" && mkdir -p "$img"
  tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$s" -cf "$img/layer.tar" .
  diff_id="sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)"
  java_version="$("$work/jre/bin/java" -version 2>&1 | head -1 | tr -d '"')"
  cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"],
           "User":"10001","WorkingDir":"/var/lib/stepwise"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created_by":"deploy/build-images.sh: debootstrap bookworm minbase + jlink ($java_version)"}]}
JSON
  echo '[{"Config":"config.json","RepoTags":["stepwise/base:bookworm-jre"],"Layers":["layer.tar"]}]' > "$img/manifest.json"
  tar -C "$img" -cf "$work/stepwise-base.tar" manifest.json config.json layer.tar
  rm -rf "$img" "$s"
  echo "   $(du -h "$work/stepwise-base.tar" | cut -f1) $work/stepwise-base.tar"
fi
$base_only && exit 0

cd "$repo"
if ! $skip_build; then
  echo "== 4a. packaging api and worker"
  ./mvnw -B -q -pl api,worker -am package -DskipTests -Dspotless.skip=true
fi
echo "== 4b. Jib: server and worker images"
./mvnw -B -q -Pimage -pl deploy/images package -Dspotless.skip=true \
  -Dstepwise.base.image="$work/stepwise-base.tar"
ls -lh deploy/images/target/stepwise-*.tar
