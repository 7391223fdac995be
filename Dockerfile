# syntax=docker/dockerfile:1
# Treant: one image, three roles (TREANT_ROLES=api,worker,voice or any one of them).
#
# Runtime base: Temurin 25 on Ubuntu 24.04 (noble). jdave's libdave.so (DAVE voice encryption)
# needs glibc >= 2.38 and GLIBCXX_3.4.32; noble has glibc 2.39 and GCC 14's libstdc++.
# Debian 12 based images (glibc 2.36) cannot load it.

# ---- build: the same `mvn package` as on a laptop, on JDK 25 -------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# dependencies first, so source edits reuse this layer
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline -DexcludeReactor=true || true
COPY . .
# package also writes target/treant-function.jar (the Lambda functions' code, deploy/); the image runs treant.jar
RUN mvn -B -q package -DskipTests && cp target/treant.jar /treant.jar

# ---- run -----------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre-noble
# curl: the HEALTHCHECK below; espeak-ng: speech without AWS (treant.tts.engine=espeak, the local profile)
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl espeak-ng \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 treant \
 && useradd --system --uid 10001 --gid treant --home-dir /app --shell /usr/sbin/nologin treant
WORKDIR /app
COPY --from=build --chown=root:root /treant.jar /app/treant.jar
# embedded price-history file when TREANT_STORE=embedded (self-hosting); mount a volume here
RUN mkdir -p /app/data && chown treant:treant /app/data
VOLUME ["/app/data"]

# JAVA_OPTS: C1 only and a serial-GC heap that starts small (idle RSS), measured best on 2 cores
# (README, Performance); sized for all three roles; an api-only container runs in
# -Xms16m -Xmx96m -XX:ReservedCodeCacheSize=32m
ENV TREANT_ROLES=api,worker,voice \
    TREANT_HTTP_HOST=0.0.0.0 \
    TREANT_HTTP_PORT=8080 \
    TREANT_MANAGEMENT_HOST=127.0.0.1 \
    TREANT_MANAGEMENT_PORT=8081 \
    JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms32m -Xmx384m -Xss512k -XX:+ExitOnOutOfMemoryError"

# JDK 25 AOT cache (README, Performance: start-up to the first answer 3.0-3.2 s -> 1.3-1.5 s): a
# training run of the api role on loopback (treant.AotTraining, embedded ElasticMQ, a throwaway
# key) with the same JVM options as the ENTRYPOINT; if JAVA_OPTS is changed at run time in a way
# the cache does not fit, the JVM says so and starts without it
RUN java --enable-native-access=ALL-UNNAMED $JAVA_OPTS -XX:AOTCacheOutput=/app/treant.aot \
      -cp /app/treant.jar treant.AotTraining

USER 10001:10001
# 8080: POST /interactions (api over http; gateway mode needs no inbound port); 8081: Camel's management server (/observe/health/live: liveness, the container check; /observe/health/ready: readiness; /observe/metrics)
EXPOSE 8080 8081

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${TREANT_MANAGEMENT_PORT}/observe/health/live" > /dev/null || exit 1

# --enable-native-access: jdave loads libdave through the FFM API (Java 25 warns, later JDKs refuse)
ENTRYPOINT ["sh", "-c", "exec java --enable-native-access=ALL-UNNAMED $JAVA_OPTS -XX:AOTCache=/app/treant.aot -jar /app/treant.jar \"$@\"", "treant"]
