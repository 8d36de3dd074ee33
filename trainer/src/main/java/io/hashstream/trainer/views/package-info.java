/**
 * Training views from photos: decode each photo once, draw seeded CroVCA augmentations
 * ({@link io.hashstream.image.CrovcaAugmentation}) in pairs, embed them with the bundled encoder and
 * write the two view files ({@code .npy}) that {@code hashstream train} reads.
 *
 * <pre>{@code
 * hashstream extract-views --photos photos.txt --pairs-per-photo 128 --seed 0 --out /tmp/views
 * hashstream train --view /tmp/views/view1.npy --view /tmp/views/view2.npy ...
 * }</pre>
 */
package io.hashstream.trainer.views;
