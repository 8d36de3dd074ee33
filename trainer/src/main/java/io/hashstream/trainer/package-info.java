/**
 * CroVCA training: {@link io.hashstream.trainer.TrainerCli} ({@code hashstream train}) parses
 * arguments into {@link io.hashstream.trainer.TrainerOptions}; {@link
 * io.hashstream.trainer.CrovcaTrainer} fits the embedding post-processor, trains the HashCoder and
 * writes a model artifact, returning a {@link io.hashstream.trainer.TrainingReport}.
 *
 * <pre>{@code
 * TrainerOptions options = TrainerOptions.builder()            // the paper's recipe
 *     .viewFiles(List.of(view1, view2)).encoderId("mobilenet_v2_140").bits(64)
 *     .output(Path.of("crovca-64.hsm")).seed(1).build();
 * TrainingReport report = new CrovcaTrainer(Clock.systemUTC(), System.out::println).run(options);
 * String sha256 = report.artifactSha256();                     // for the control message
 * }</pre>
 *
 * <p>{@code ./hashstream bench-training} (in {@code benchmarks/job}) measures the mission's
 * training target.
 */
package io.hashstream.trainer;
