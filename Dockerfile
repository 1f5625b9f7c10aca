# syntax=docker/dockerfile:1
# Petrel broker image: docker build -t petrel . (see README, "Running in Docker").

# ---- build: the Maven Wrapper builds the executable jar, then its layers are extracted
FROM eclipse-temurin:25-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# Tests run in CI (.ci/run), not in the image build. The cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q --no-transfer-progress package -DskipTests \
    && java -Djarmode=tools -jar target/petrel-*-exec.jar extract --layers --launcher --destination /layers

# ---- run: a JRE and the layers, least often changed first, so a code change rebuilds one thin layer
FROM eclipse-temurin:25-jre-noble
RUN groupadd --system --gid 10001 petrel \
    && useradd --system --uid 10001 --gid petrel --home-dir /app --no-create-home --shell /usr/sbin/nologin petrel
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Jars with your @AutoConfiguration classes go here (mount a volume); LOADER_PATH names another folder.
RUN mkdir /app/extensions
USER 10001:10001

# MQTT over TCP, TLS, WebSocket, secure WebSocket; Actuator (health, metrics) on 8080.
EXPOSE 1883 8883 8083 8084 8080

# The heap follows the container's memory limit; an OutOfMemoryError ends the process so it restarts.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

# The JRE image has no curl: bash asks the liveness endpoint over /dev/tcp.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# exec: java becomes PID 1's replacement and receives SIGTERM for the graceful drain.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS org.springframework.boot.loader.launch.PropertiesLauncher \"$@\"", "petrel"]
