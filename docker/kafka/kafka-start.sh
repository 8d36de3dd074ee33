#!/bin/sh
# Starts a single-node KRaft broker from the jars in /opt/kafka/libs (see kafka/Dockerfile for
# the environment it reads). POSIX sh: the official image is Alpine-based.
set -eu
DATA=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
CONF=${TMPDIR:-/tmp}/hashstream-kafka
CP='/opt/kafka/libs/*'
mkdir -p "$CONF"
: "${KAFKA_ADVERTISED_LISTENERS:?set KAFKA_ADVERTISED_LISTENERS, e.g. INTERNAL://kafka:9092}"

cat >"$CONF/server.properties" <<PROPS
process.roles=broker,controller
node.id=${KAFKA_NODE_ID:-1}
controller.quorum.voters=${KAFKA_NODE_ID:-1}@localhost:9093
listeners=${KAFKA_LISTENERS:-INTERNAL://0.0.0.0:9092},CONTROLLER://localhost:9093
advertised.listeners=${KAFKA_ADVERTISED_LISTENERS}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
log.dirs=$DATA
# one node: every internal topic has one replica, or transactions and groups never start
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# topics are created with their partitions by 'hashstream topics', never by a typo
auto.create.topics.enable=false
num.partitions=1
# images travel in records (up to 16 MiB)
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
# Flink's exactly-once sink keeps a transaction open up to its checkpoint timeout
transaction.max.timeout.ms=3600000
${KAFKA_SERVER_PROPERTIES:-}
PROPS

cat >"$CONF/log4j2.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
PROPS

# format once: a data directory that holds a cluster already is kept as it is
if [ ! -f "$DATA/meta.properties" ]; then
  java -cp "$CP" -Dlog4j2.configurationFile="$CONF/log4j2.properties" kafka.tools.StorageTool format \
    --cluster-id "${KAFKA_CLUSTER_ID:-aHMtY2x1c3Rlci0wMDAwMQ}" --config "$CONF/server.properties" \
    --ignore-formatted
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms512m} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$CONF/log4j2.properties" -cp "$CP" kafka.Kafka "$CONF/server.properties"
