/**
 * Command lines over images on disk, wired into {@code ./hashstream}: {@code hash} (a CSV of codes),
 * {@code dedupe} (groups of near-duplicates), {@code extract-views} (training views) and {@code
 * publish} (a model on the control topic). They live in the trainer module because it has the
 * image stack, the ONNX encoder and the PyTorch natives on its runtime classpath.
 *
 * <pre>{@code
 * ./hashstream hash --out codes.csv /data/photos          # codes.csv + codes.csv.model
 * ./hashstream dedupe --radius 8 /data/photos             # groups on stdout, failures on stderr
 * }</pre>
 *
 * <p>Each command's {@code call()} returns its exit status and is what the tests run.
 */
package io.hashstream.trainer.cli;
