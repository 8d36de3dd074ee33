# Test only: the stand-in for eclipse-temurin:17-jre on a machine that cannot pull images.
# Debian bookworm (imported from debootstrap by docker/test.sh) plus Debian's OpenJDK 17 JRE,
# without documentation. Every test image is built on this one layer.
ARG BASE=localhost/debian-base:bookworm
FROM ${BASE}
RUN printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/locale/*\n' \
      > /etc/dpkg/dpkg.cfg.d/01-nodoc \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
