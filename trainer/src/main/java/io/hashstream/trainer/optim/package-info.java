/**
 * The optimiser of the paper's recipe: {@link io.hashstream.trainer.optim.AdamW} (torch's update,
 * decoupled weight decay) driven by a per-step {@link io.hashstream.trainer.optim.CosineSchedule}.
 *
 * <pre>{@code
 * CosineSchedule schedule = new CosineSchedule(1e-3, 1e-6, epochs * stepsPerEpoch);
 * AdamW adamW = AdamW.withTorchDefaults(manager, 1e-2);
 * adamW.step(trainableParameters, schedule.at(step));   // after each backward pass
 * }</pre>
 */
package io.hashstream.trainer.optim;
