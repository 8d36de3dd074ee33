#!/usr/bin/env bash
# docker/test.sh: the whole system as real containers on this machine, and a TaskManager killed.
#
# Builds every image of docker/ on local stand-ins for the official bases (this machine cannot
# pull images: see docker/README.md), starts Kafka (KRaft), the schema registry, a JobManager
# running the job in application mode, two TaskManagers (2 slots each, the job at parallelism 2)
# and the moderation service (on its container's address, so over HTTPS with a bearer token: a
# key store and token file from docker/make-http-secrets.sh, mounted as compose.yaml mounts its
# secrets) on one podman network, creates the topics with the trainer image,
# sends the demo's photos as uploads from the host (docker/test/SystemCheck.java over the published
# loopback ports), checks hash codes and alerts with read_committed consumers, kills a TaskManager
# with SIGKILL, sends more, and checks exactly-once again after the job recovered on the
# survivor. Everything it started is removed at the end, on success or failure; on failure it
# prints every container's log tail.
#
# Needs: root, podman + runc (+ debootstrap for the one-time base image), a JDK 17 (javac, keytool), the Maven
# build (run when missing: mvn -B -o -pl flink-jobs,alerts,trainer,cluster,platform,demo -am
# package -DskipTests). Ports: free ones on 127.0.0.1 only.
#
# Usage: docker/test.sh [--keep]   (--keep: leave the system running; prints how to remove it)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
KEEP=0
[[ "${1:-}" == --keep ]] && KEEP=1

RUN=hst$$                                     # prefix of everything this run creates
NET=$RUN-net
PODMAN=(podman --runtime runc)
LIMITS=(--ulimit nofile=4096:4096 --ulimit nproc=4096:4096)
TAG=test
JRE=localhost/hashstream-test/jre:17
RADIUS=4
WORK=$(mktemp -d /tmp/hashstream-docker-test.XXXXXX)
T0=$(date +%s)
LAST=$T0
CONTAINERS=()

log() { printf '[%4ds] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
step() { # step NAME: closes the previous step with its duration
  local now; now=$(date +%s)
  [[ -n "${STEP:-}" ]] && log "   done: $STEP ($(( now - LAST )) s)"
  STEP="$1"; LAST=$now
  log "== $1"
}
fail() {
  log "FAIL: $*"
  for c in "${CONTAINERS[@]}"; do
    echo "----- logs of $c (last 60 lines) -----"
    "${PODMAN[@]}" logs --tail 60 "$c" 2>&1 | cut -c1-400 || true
  done
  exit 1
}
cleanup() {
  local rc=$?
  if [[ $KEEP == 1 && $rc == 0 ]]; then
    log "left running (--keep): podman rm -f ${CONTAINERS[*]}; podman network rm $NET; podman volume rm $RUN-checkpoints $RUN-models"
    return
  fi
  [[ ${#CONTAINERS[@]} -gt 0 ]] && "${PODMAN[@]}" rm -f -t 2 "${CONTAINERS[@]}" >/dev/null 2>&1 || true
  "${PODMAN[@]}" network rm -f "$NET" >/dev/null 2>&1 || true
  "${PODMAN[@]}" volume rm -f "$RUN-checkpoints" "$RUN-models" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  log "cleaned up (containers, network, volumes); total $(( $(date +%s) - T0 )) s, exit $rc"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

free_port() { # a port nothing listens on at 127.0.0.1
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
wait_for() { # wait_for SECONDS WHAT COMMAND...: until COMMAND succeeds
  local seconds="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || fail "$what not within $seconds s"
    sleep 1
  done
}
http_ok() { curl -fsS -m 5 -o /dev/null "$1"; }
run() { # run NAME IMAGE [podman run options...] -- HOSTNAME [args...]
  local name="$RUN-$1" image="$2"; shift 2
  local opts=()
  while [[ $# -gt 0 && "$1" != -- ]]; do opts+=("$1"); shift; done
  shift
  local host="$1"; shift
  CONTAINERS+=("$name")
  "${PODMAN[@]}" run -d --name "$name" --hostname "$host" --network "$NET" --network-alias "$host" \
    "${LIMITS[@]}" "${opts[@]}" "$image" "$@" >/dev/null 2>"$WORK/run.err" \
    || { cat "$WORK/run.err"; fail "cannot start $name"; }
}
check() { # the test's client on the host
  KAFKA=127.0.0.1:$KAFKA_PORT REGISTRY=http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 \
    java -cp "$WORK/check:$CHECK_CP" SystemCheck "$@"
}
rest() { curl -fsS -m 5 "http://127.0.0.1:$REST_PORT$1"; }
moderation() { # moderation PATH?QUERY: the moderation service's API, over HTTPS with the token
  curl -fsS -m 5 --cacert "$WORK/http/cert.pem" -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$ALERTS_PORT$1"
}
moderation_running() { moderation /api/v1/health | grep -q RUNNING; }
case_names_original() { moderation "$CASE" | grep -q orig-08; }
taskmanagers() { rest /overview | grep -o '"taskmanagers":[0-9]*' | cut -d: -f2; }
job_state() { rest /jobs/overview | grep -o '"state":"[A-Z]*"' | head -n1 | cut -d'"' -f4; }
running_tasks() { # the job's vertices that are RUNNING, and all of them: "running total"
 rest "/jobs/$(job_id)" | grep -o '"status":"[A-Z_]*"' | awk '/RUNNING/ {r++} {t++} END {print r+0, t+0}'
}
job_id() { rest /jobs/overview | grep -o '"jid":"[0-9a-f]*"' | head -n1 | cut -d'"' -f4; }
restarts() { rest "/jobs/$(job_id)/metrics?get=numRestarts" | grep -o '"value":"[0-9]*"' | cut -d'"' -f4; }
job_restarted() { # a failover recorded: the exception history (immediate) or numRestarts (refreshed every 10 s)
  rest "/jobs/$(job_id)/exceptions" | grep -q '"exceptionName"' || [[ "$(restarts)" -ge 1 ]]
}
job_fully_running() { local rt; rt=$(running_tasks) && [[ "$(job_state)" == RUNNING && ${rt% *} -gt 0 && ${rt% *} == "${rt#* }" ]]; }

command -v podman >/dev/null && command -v runc >/dev/null \
  || { echo "docker/test.sh needs podman and runc: apt-get install podman runc debootstrap" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
step "Maven outputs (the job jar, class paths)"
if ! ls flink-jobs/target/hashstream-flink-jobs-*-job.jar >/dev/null 2>&1 \
    || [[ ! -s demo/target/classpath.txt || ! -s alerts/target/classpath.txt || ! -s trainer/target/classpath.txt \
       || ! -s cluster/target/classpath.txt || ! -s platform/target/classpath.txt ]]; then
  log "building: mvn -B -o -pl flink-jobs,alerts,trainer,cluster,platform,demo -am package -DskipTests"
  mvn -B -o -q -pl flink-jobs,alerts,trainer,cluster,platform,demo -am package -DskipTests >"$WORK/mvn.log" 2>&1 \
    || { tail -n 40 "$WORK/mvn.log"; fail "Maven build"; }
fi
CHECK_CP="$ROOT/demo/target/classes:$(cat demo/target/classpath.txt)"
mkdir -p "$WORK/check"
javac -d "$WORK/check" -cp "$CHECK_CP" docker/test/SystemCheck.java || fail "compiling SystemCheck"

step "base images (debootstrap once; the JRE, Flink-like and Kafka-like stand-ins)"
docker/test/base-image.sh localhost/debian-base:bookworm || fail "base image"
build() { # build TAG DOCKERFILE CONTEXT [build args]
  local tag="$1" file="$2" ctx="$3"; shift 3
  "${PODMAN[@]}" build --network host "${LIMITS[@]}" -q -t "$tag" -f "$file" "$@" "$ctx" >"$WORK/build.log" 2>&1 \
    || { tail -n 30 "$WORK/build.log"; fail "building $tag"; }
}
build "$JRE" docker/test/jre.Dockerfile docker/test --build-arg BASE=localhost/debian-base:bookworm

step "stage the build contexts (docker/stage.sh)"
docker/stage.sh >"$WORK/stage.log" 2>&1 || { cat "$WORK/stage.log"; fail "stage.sh"; }

step "build the images (BASE = the local stand-ins)"
build localhost/hashstream-test/flink-like:2.2.1 docker/test/flink-like/Dockerfile docker/target/flink-like --build-arg BASE=$JRE
build localhost/hashstream-test/kafka-like:4.2.1 docker/test/kafka-like/Dockerfile docker/target/kafka-like --build-arg BASE=$JRE
build localhost/hashstream/job:$TAG docker/job/Dockerfile docker/target/job --build-arg BASE=localhost/hashstream-test/flink-like:2.2.1
build localhost/hashstream/kafka:$TAG docker/kafka/Dockerfile docker/target/kafka --build-arg BASE=localhost/hashstream-test/kafka-like:4.2.1
for image in alerts trainer registry; do
  build localhost/hashstream/$image:$TAG docker/$image/Dockerfile docker/target/$image --build-arg BASE=$JRE
done

# ---------------------------------------------------------------------------------------------
step "network, Kafka (KRaft), topics (trainer image), schema registry"
KAFKA_PORT=$(free_port); REGISTRY_PORT=$(free_port); REST_PORT=$(free_port); ALERTS_PORT=$(free_port)
METRICS_PORT=$(free_port)
"${PODMAN[@]}" network create "$NET" >/dev/null || fail "network"
"${PODMAN[@]}" volume create "$RUN-checkpoints" >/dev/null && "${PODMAN[@]}" volume create "$RUN-models" >/dev/null
run kafka localhost/hashstream/kafka:$TAG -p "127.0.0.1:$KAFKA_PORT:9094" \
  -e KAFKA_LISTENERS=INTERNAL://0.0.0.0:9092,EXTERNAL://0.0.0.0:9094 \
  -e KAFKA_ADVERTISED_LISTENERS="INTERNAL://kafka:9092,EXTERNAL://127.0.0.1:$KAFKA_PORT" -- kafka
run registry localhost/hashstream/registry:$TAG -p "127.0.0.1:$REGISTRY_PORT:8080" -- registry
wait_for 120 "Kafka up" sh -c "${PODMAN[*]} logs $RUN-kafka 2>&1 | grep -q 'Kafka Server started'"
"${PODMAN[@]}" run --rm --network "$NET" "${LIMITS[@]}" localhost/hashstream/trainer:$TAG \
  topics --bootstrap-servers kafka:9092 | sed 's/^/    /' || fail "topics"
wait_for 120 "schema registry up" http_ok "http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7/subjects"

step "JobManager (application mode, the job from usrlib/) and two TaskManagers"
FLINK_PROPERTIES="jobmanager.rpc.address: jobmanager
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 2560m
taskmanager.numberOfTaskSlots: 2
taskmanager.load-balance.mode: slots
heartbeat.interval: 2000
heartbeat.timeout: 10000
env.java.opts.jobmanager: -Dai.djl.offline=true -Djava.awt.headless=true
env.java.opts.taskmanager: -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Djava.awt.headless=true
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
metrics.reporter.prom.port: 9249
state.changelog.storage: filesystem
state.changelog.dstl.dfs.base-path: file:///checkpoints/changelog"
JOB_ARGS=(standalone-job --job-classname io.hashstream.flink.HashstreamJob
  --set kafka.bootstrap-servers=kafka:9092 --set registry.url=http://registry:8080/apis/ccompat/v7
  --set checkpoint.dir=file:///checkpoints/hashstream --set checkpoint.interval=500ms
  --set job.parallelism=2 --set index.radius=$RADIUS --set model.artifact-locations=file:///models/)
run jobmanager localhost/hashstream/job:$TAG -p "127.0.0.1:$REST_PORT:8081" -e FLINK_PROPERTIES="$FLINK_PROPERTIES" \
  -v "$RUN-checkpoints:/checkpoints" -v "$RUN-models:/models:ro" -- jobmanager "${JOB_ARGS[@]}"
run taskmanager-1 localhost/hashstream/job:$TAG -e FLINK_PROPERTIES="$FLINK_PROPERTIES" \
  -v "$RUN-checkpoints:/checkpoints" -v "$RUN-models:/models:ro" -- taskmanager-1 taskmanager
run taskmanager-2 localhost/hashstream/job:$TAG -p "127.0.0.1:$METRICS_PORT:9249" -e FLINK_PROPERTIES="$FLINK_PROPERTIES" \
  -v "$RUN-checkpoints:/checkpoints" -v "$RUN-models:/models:ro" -- taskmanager-2 taskmanager
wait_for 180 "two TaskManagers registered" sh -c "[ \"\$(curl -fsS -m 5 http://127.0.0.1:$REST_PORT/overview | grep -o '\"taskmanagers\":[0-9]*' | cut -d: -f2)\" = 2 ]"
wait_for 240 "the job running on both TaskManagers" job_fully_running
log "job $(job_state), tasks running/total: $(running_tasks)"

step "moderation service (its container's address: HTTPS and a bearer token)"
docker/make-http-secrets.sh "$WORK/http" >/dev/null || fail "make-http-secrets.sh"
TOKEN=$(cat "$WORK/http/moderator.token")
run alerts localhost/hashstream/alerts:$TAG -p "127.0.0.1:$ALERTS_PORT:18090" \
  -v "$WORK/http/tokens:/run/secrets/alerts_tokens:ro" -v "$WORK/http/keystore.p12:/run/secrets/alerts_keystore:ro" \
  -v "$WORK/http/keystore.password:/run/secrets/alerts_keystore_password:ro" -- alerts \
  --bootstrap-servers kafka:9092 --registry-url http://registry:8080/apis/ccompat/v7 \
  --tokens /run/secrets/alerts_tokens --https-keystore /run/secrets/alerts_keystore \
  --https-keystore-password-file /run/secrets/alerts_keystore_password
wait_for 180 "the moderation service RUNNING" moderation_running
log "moderation service: $(moderation /api/v1/health)"
NO_TOKEN=$(curl -sS -m 5 -o /dev/null -w '%{http_code}' --cacert "$WORK/http/cert.pem" "https://127.0.0.1:$ALERTS_PORT/api/v1/actions")
[[ "$NO_TOKEN" == 401 ]] || fail "the moderation service answered $NO_TOKEN to a look-up without a token (401 expected)"
log "a look-up without the token: $NO_TOKEN"

# ---------------------------------------------------------------------------------------------
step "uploads: 16 originals, then 8 byte-identical copies; their codes and alerts"
check send originals || fail "sending"
check await 16 300 || fail "the originals' hash codes"
check send copies-a || fail "sending"
check await 24 180 || fail "the first copies' hash codes"
check verify 24 $RADIUS || fail "exactly-once before the kill"

step "kill -9 a TaskManager container; 8 more copies while the job recovers on the survivor"
"${PODMAN[@]}" kill -s KILL "$RUN-taskmanager-1" >/dev/null || fail "kill"
KILLED=$(date +%s)
check send copies-b || fail "sending"
wait_for 120 "the JobManager to drop the dead TaskManager" sh -c "[ \"\$(curl -fsS -m 5 http://127.0.0.1:$REST_PORT/overview | grep -o '\"taskmanagers\":[0-9]*' | cut -d: -f2)\" = 1 ]"
wait_for 60 "the job's failover recorded (exception history)" job_restarted
wait_for 240 "the job running again on the surviving TaskManager" job_fully_running
log "job $(job_state) on 1 TaskManager, tasks running/total: $(running_tasks); $(( $(date +%s) - KILLED )) s after the kill"
log "the job's last failure: $(rest "/jobs/$(job_id)/exceptions" | grep -o '"exceptionName":"[^"]*"' | head -n1)"
check await 32 300 || fail "the codes after the kill"
log "every upload hashed $(( $(date +%s) - KILLED )) s after the kill"

step "exactly once across the kill (read_committed)"
check verify 32 $RADIUS || fail "exactly-once after the kill"

step "the moderation service saw the alerts; the survivor's Prometheus reporter answers"
# copyb-08 (tenant acme) was uploaded after the kill; its alert matches orig-08
CASE="/api/v1/case?tenant=acme&image=copyb-08"
wait_for 60 "the moderation service's case of copyb-08" case_names_original
log "moderation service, case acme/copyb-08: $(moderation "$CASE" | cut -c1-240)"
curl -fsS -m 10 "http://127.0.0.1:$METRICS_PORT/metrics" >"$WORK/metrics.txt" || fail "TaskManager metrics endpoint"
log "taskmanager-2 /metrics: $(grep -c '^flink_' "$WORK/metrics.txt") flink_* samples; the job's: $(grep -E '^flink_taskmanager_job_task_operator_(uploadsHashed|matches|uploadsIndexed)\{' "$WORK/metrics.txt" | sed -E 's/^flink_taskmanager_job_task_operator_([A-Za-z]+)\{.*subtask_index="([0-9]+)".*\} (.*)$/\1[\2]=\3/' | tr '\n' ' ')"
grep -q '^flink_taskmanager_job_task_operator_uploadsHashed' "$WORK/metrics.txt" || fail "no uploadsHashed in the TaskManager's metrics"
step "tear down"
STEP=""
log "PASS"
