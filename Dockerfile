# The image that `twbench k8s` manifests run (their --image).
# It is built outside this project's CI, which neither builds nor tests it:
#   docker build -t REGISTRY/twbench:0.1 . && docker push REGISTRY/twbench:0.1
# Every pod runs `java -jar /opt/twbench/benchmarks.jar <command> ...` (the manifests name that
# command explicitly, and it is also this image's entrypoint).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -Dexec.skip: the build's first step records the host's network state for the tests to compare
# against (scripts/host-state.sh, which needs iproute2); without tests there is nothing to compare.
RUN mvn -B -DskipTests -Dexec.skip=true package

FROM eclipse-temurin:17-jre
# iproute2: `ip`, which twbench calls for its network namespaces (the lab, doctor, the experiments).
RUN apt-get update \
    && apt-get install -y --no-install-recommends iproute2 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/bench/target/benchmarks.jar /opt/twbench/benchmarks.jar
ENTRYPOINT ["java", "-jar", "/opt/twbench/benchmarks.jar"]
