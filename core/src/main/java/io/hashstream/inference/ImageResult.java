package io.hashstream.inference;

import java.util.Objects;

/**
 * What one image of a batch came to: {@link Ok} with a value (a raw embedding, a packed code) or
 * {@link Failed} with the reason. Results are returned in input order, one per input, so a bad
 * image never hides the others.
 *
 * @param <T> the value of a success
 */
public sealed interface ImageResult<T> permits ImageResult.Ok, ImageResult.Failed {

  /**
   * The id of the image this result is for.
   *
   * @return the caller's id
   */
  String id();

  /**
   * Whether the image got a value.
   *
   * @return true for {@link Ok}
   */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /**
   * A success.
   *
   * @param id the image's id
   * @param value the embedding or code; owned by the caller
   * @param <T> the value type
   */
  record Ok<T>(String id, T value) implements ImageResult<T> {
    /** Checks the parts. */
    public Ok {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A failure of this image only.
   *
   * @param id the image's id
   * @param reason why
   * @param detail a human-readable explanation (the decoder's or the engine's message)
   * @param <T> the value type a success would have had
   */
  record Failed<T>(String id, FailureReason reason, String detail) implements ImageResult<T> {
    /** Checks the parts. */
    public Failed {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * The same failure typed for another value.
     *
     * @param <U> the other value type
     * @return a failure with the same id, reason and detail
     */
    public <U> Failed<U> retype() {
      return new Failed<>(id, reason, detail);
    }
  }
}
