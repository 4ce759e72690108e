# Multi-stage build for machines with internet access; gives the same layout as scripts/build-image.sh
# (/opt/jre, /app, user 10001, read-only friendly). Multi-platform:
#   docker buildx build --platform linux/amd64,linux/arm64,linux/arm/v7 -t you/dockerhub-proxy:1.0.0 --push .
# Java 21 is used on every platform: eclipse-temurin publishes 21 for amd64, arm64 and arm/v7.

FROM --platform=$BUILDPLATFORM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jdk AS jre
RUN jlink --add-modules java.base,java.logging,java.management,java.net.http,jdk.crypto.ec,jdk.management,jdk.unsupported,java.sql,java.naming,java.security.jgss \
      --strip-java-debug-attributes --no-man-pages --no-header-files --compress=zip-0 --output /opt/jre \
 && strip --strip-unneeded /opt/jre/lib/server/libjvm.so || true

# distroless/base: glibc, CA certificates, a nonroot user, no shell
# SQLite's native library for the target platform, unpacked now: a read-only container has no /tmp to unpack it to
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS native
ARG TARGETARCH
ARG TARGETVARIANT
COPY --from=build /src/target/libs /libs
RUN apt-get update -qq && apt-get install -y -qq unzip >/dev/null \
 && case "$TARGETARCH$TARGETVARIANT" in amd64) d=x86_64 ;; arm64) d=aarch64 ;; armv7) d=armv7 ;; *) exit 1 ;; esac \
 && mkdir -p /native /data && unzip -q -j /libs/sqlite-jdbc-*.jar "org/sqlite/native/Linux/$d/libsqlitejdbc.so" -d /native

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=jre /opt/jre /opt/jre
COPY --from=build /src/target/dockerhub-proxy.jar /app/dockerhub-proxy.jar
COPY --from=build /src/target/libs /app/libs
COPY jvm.options /app/jvm.options
COPY --from=native /native /app/native
COPY --from=native --chown=10001:10001 /data /data
VOLUME /data
USER 10001:10001
WORKDIR /app
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=5000 DATABASE_URL=/data/dockerhub-proxy.db
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \
  CMD ["/opt/jre/bin/java", "-XX:-UsePerfData", "-jar", "/app/dockerhub-proxy.jar", "--healthcheck"]
ENTRYPOINT ["/opt/jre/bin/java", "@/app/jvm.options", "-XX:MaxRAMPercentage=50", "-Dorg.sqlite.lib.path=/app/native", "-Dorg.sqlite.lib.name=libsqlitejdbc.so", "-jar", "/app/dockerhub-proxy.jar"]
