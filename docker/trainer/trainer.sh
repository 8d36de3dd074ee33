#!/bin/sh
# trainer COMMAND [options]: runs one of the trainer's command lines (see the Dockerfile).
set -eu
case "${1:---help}" in
  train) main=io.hashstream.trainer.TrainerCli ;;
  publish) main=io.hashstream.trainer.cli.PublishCli ;;
  hash) main=io.hashstream.trainer.cli.HashCli ;;
  calibrate) main=io.hashstream.trainer.cli.CalibrateCli ;;
  topics) main=io.hashstream.trainer.cli.TopicsCli ;;
  dedupe) main=io.hashstream.trainer.cli.DedupeCli ;;
  thresholds) main=io.hashstream.trainer.cli.ThresholdsCli ;;
  extract-views) main=io.hashstream.trainer.cli.ExtractViewsCli ;;
  *) echo "usage: trainer train|calibrate|publish|hash|topics|dedupe|thresholds|extract-views [options]"
     echo "       trainer COMMAND --help   lists a command's options"
     [ "${1:---help}" = --help ] && exit 0 || exit 2 ;;
esac
shift
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -Djava.awt.headless=true -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp '/opt/hashstream/lib/*' "$main" "$@"
