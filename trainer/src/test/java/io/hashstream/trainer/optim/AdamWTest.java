package io.hashstream.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.initializer.Initializer;
import io.hashstream.model.HashCoderSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW against a scalar transcription of torch.optim.AdamW's update, in float64. */
class AdamWTest {
  @Test
  void followsTorchAdamWStepByStep() {
    double[] w0 = {0.5, -1.5, 2.0, 0.0};
    double[][] coefficients = {{1, -2, 0.5, 3}, {0.2, 0.1, -4, 1}, {-1, -1, 1, 0.01}};
    double[] lrs = {1e-3, 5e-4, 1e-6};
    double wd = 1e-2;
    try (NDManager manager = NDManager.newBaseManager(HashCoderSession.ENGINE)) {
      Parameter param =
          Parameter.builder()
              .setName("w")
              .setType(Parameter.Type.WEIGHT)
              .optShape(new Shape(4))
              .optInitializer(Initializer.ZEROS)
              .build();
      param.initialize(manager, DataType.FLOAT64);
      param.getArray().set(w0);
      AdamW adamW = AdamW.withTorchDefaults(manager, wd);
      Reference reference = new Reference(w0.clone(), wd);
      for (int t = 0; t < lrs.length; t++) {
        // loss = Σ c·w², so the gradient is 2·c·w (it depends on the weights being updated)
        try (GradientCollector collector =
            Engine.getEngine(HashCoderSession.ENGINE).newGradientCollector()) {
          NDArray c = manager.create(coefficients[t]);
          collector.backward(param.getArray().square().mul(c).sum());
        }
        double[] gradient = new double[4];
        for (int i = 0; i < 4; i++) {
          gradient[i] = 2 * coefficients[t][i] * reference.w[i];
        }
        adamW.step(List.of(param), lrs[t]);
        reference.step(gradient, lrs[t]);
        assertThat(param.getArray().toDoubleArray()).containsExactly(reference.w, within(1e-12));
        assertThat(param.getArray().getGradient().toDoubleArray()).containsOnly(0.0);
      }
      assertThat(adamW.stepCount()).isEqualTo(3);
    }
  }

  /** torch.optim.AdamW (amsgrad=False, maximize=False), one parameter, in plain Java. */
  static final class Reference {
    final double[] w;
    final double[] m;
    final double[] v;
    final double wd;
    int t;

    Reference(double[] w, double wd) {
      this.w = w;
      this.m = new double[w.length];
      this.v = new double[w.length];
      this.wd = wd;
    }

    void step(double[] g, double lr) {
      t++;
      double bc1 = 1 - Math.pow(0.9, t);
      double bc2 = 1 - Math.pow(0.999, t);
      for (int i = 0; i < w.length; i++) {
        w[i] *= 1 - lr * wd;
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        w[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + 1e-8);
      }
    }
  }
}
