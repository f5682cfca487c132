package dev.quarry.examples.spring;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The JSON body of {@code POST /ask} and {@code POST /assistant}: {@code {"question": "..."}}.
 *
 * @param question what to answer
 */
public record QuestionRequest(
    @NotBlank(message = "question must not be blank: send {\"question\": \"...\"}")
    @Size(max = QuestionRequest.MAX_LENGTH, message = "question must be at most {max} characters")
    String question) {
  /** The longest question accepted. */
  public static final int MAX_LENGTH = 4_000;
}
