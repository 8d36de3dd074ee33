#!/usr/bin/env bash
# Test only: the official Flink image's entry point, reduced to what hashstream uses.
#   jobmanager                      a session cluster's JobManager
#   taskmanager                     a TaskManager
#   standalone-job ARGS...          an application cluster's JobManager (the job from usrlib/:
#                                   --job-classname CLASS [--fromSavepoint PATH] [job args])
#   help                            this text
# FLINK_PROPERTIES ("key: value" lines) override conf/config.yaml, as in the official image; the
# JVM's memory flags come from Flink's own BashJavaUtils, as Flink's start scripts compute them;
# env.java.opts.all / .jobmanager / .taskmanager and JVM_ARGS are added to the JVM's options.
set -euo pipefail
FLINK_HOME=${FLINK_HOME:-/opt/flink}
CONF="$FLINK_HOME/conf/config.yaml"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

set_option() { # set_option KEY VALUE: replace or add a flattened key in config.yaml
  local key="$1" value="$2"
  awk -v k="$key" 'index($0, k ":") != 1' "$CONF" >"$CONF.tmp"
  printf '%s: %s\n' "$key" "$value" >>"$CONF.tmp"
  cat "$CONF.tmp" >"$CONF" && rm -f "$CONF.tmp"
}

prepare_configuration() {
  set_option jobmanager.rpc.address "${JOB_MANAGER_RPC_ADDRESS:-$(hostname)}"
  if [[ -n "${TASK_MANAGER_NUMBER_OF_TASK_SLOTS:-}" ]]; then
    set_option taskmanager.numberOfTaskSlots "$TASK_MANAGER_NUMBER_OF_TASK_SLOTS"
  fi
  if [[ -n "${FLINK_PROPERTIES:-}" ]]; then
    while IFS= read -r line; do
      [[ "$line" =~ ^[[:space:]]*([^:#[:space:]][^:]*):[[:space:]]*(.*)$ ]] || continue
      set_option "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
    done <<<"$FLINK_PROPERTIES"
  fi
}

option() { # the value of a flattened key, or empty
  awk -v k="$1" 'index($0, k ":") == 1 { sub("^[^:]*:[[:space:]]*", ""); v = $0 } END { print v }' "$CONF"
}

classpath() { # lib/'s jars in name order, as Flink's scripts build it
  find "$FLINK_HOME/lib" -name '*.jar' | sort | paste -sd: -
}

resource_params() { # what config.sh's runBashJavaUtilsCmd extracts: the last two result lines
  local out
  out=$(java -cp "$(classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$FLINK_HOME/conf" 2>&1) || { echo "$out" >&2; exit 1; }
  grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' | tail -n 2
}

run() { # run ROLE MAIN_CLASS ARGS...: drop to the flink user and exec the JVM
  local role="$1" main="$2"; shift 2
  local params jvm dynamic
  params=$(resource_params "$([[ $role == taskmanager ]] && echo GET_TM_RESOURCE_PARAMS || echo GET_JM_RESOURCE_PARAMS)")
  jvm=$(sed -n 1p <<<"$params"); dynamic=$(sed -n 2p <<<"$params")
  local opts="$(option env.java.default-opts.all) $(option env.java.opts.all) $(option "env.java.opts.$role")"
  # shellcheck disable=SC2086
  set -- java ${JVM_ARGS:-} $jvm $opts \
    -Dlog.file="$FLINK_HOME/log/$role.log" \
    -Dlog4j.configuration="file:$FLINK_HOME/conf/log4j-console.properties" \
    -Dlog4j.configurationFile="file:$FLINK_HOME/conf/log4j-console.properties" \
    -cp "$(classpath)" "$main" --configDir "$FLINK_HOME/conf" $dynamic "$@"
  echo "Starting $role: $*" | cut -c1-2000
  if [[ $(id -u) == 0 ]]; then
    exec setpriv --reuid=flink --regid=flink --init-groups "$@"
  fi
  exec "$@"
}

case "${1:-help}" in
  jobmanager)
    shift; prepare_configuration
    run jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$@" ;;
  standalone-job)
    shift; prepare_configuration
    run jobmanager org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint "$@" ;;
  taskmanager)
    shift; prepare_configuration
    run taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$@" ;;
  help|--help|-h) usage ;;
  *) exec "$@" ;;
esac
