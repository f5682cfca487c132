package dev.quarry.langchain4j;

import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.quarry.api.chat.ChatRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts chat requests: messages, tools and the sampling options both libraries have (temperature, maximum
 * output tokens).
 *
 * <p>A LangChain4j request that asks for something a Quarry model cannot be told (top-p, top-k, penalties, stop
 * sequences, a model name, JSON output, a required tool call) is refused with LangChain4j's {@link
 * UnsupportedFeatureException}, as LangChain4j's own providers refuse what they do not support: silently
 * ignoring it would change the answer without saying so. Stateless and thread-safe.
 */
final class RequestMapping {
  private RequestMapping() {}

  static dev.langchain4j.model.chat.request.ChatRequest toLangChain4j(ChatRequest request) {
    dev.langchain4j.model.chat.request.ChatRequest.Builder builder =
        dev.langchain4j.model.chat.request.ChatRequest.builder()
            .messages(MessageMapping.toLangChain4j(request.messages()));
    if (!request.tools().isEmpty()) {
      builder.toolSpecifications(ToolSpecMapping.toLangChain4j(request.tools()));
    }
    request.temperature().ifPresent(builder::temperature);
    request.maxOutputTokens().ifPresent(builder::maxOutputTokens);
    return builder.build();
  }

  static ChatRequest toQuarry(dev.langchain4j.model.chat.request.ChatRequest request) {
    ChatRequestParameters parameters = request.parameters();
    rejectUnsupported(parameters);
    ChatRequest.Builder builder = ChatRequest.builder(MessageMapping.toQuarry(request.messages()));
    boolean toolsOff = parameters.toolChoice() == ToolChoice.NONE;
    if (!toolsOff && parameters.toolSpecifications() != null && !parameters.toolSpecifications().isEmpty()) {
      builder.tools(ToolSpecMapping.toQuarry(parameters.toolSpecifications()));
    }
    if (parameters.temperature() != null) {
      builder.temperature(parameters.temperature());
    }
    if (parameters.maxOutputTokens() != null) {
      builder.maxOutputTokens(parameters.maxOutputTokens());
    }
    return builder.build();
  }

  private static void rejectUnsupported(ChatRequestParameters parameters) {
    List<String> unsupported = new ArrayList<>();
    if (parameters.modelName() != null) {
      unsupported.add("modelName");
    }
    if (parameters.topP() != null) {
      unsupported.add("topP");
    }
    if (parameters.topK() != null) {
      unsupported.add("topK");
    }
    if (parameters.frequencyPenalty() != null) {
      unsupported.add("frequencyPenalty");
    }
    if (parameters.presencePenalty() != null) {
      unsupported.add("presencePenalty");
    }
    if (parameters.stopSequences() != null && !parameters.stopSequences().isEmpty()) {
      unsupported.add("stopSequences");
    }
    if (parameters.toolChoice() == ToolChoice.REQUIRED) {
      unsupported.add("toolChoice REQUIRED");
    }
    if (parameters.responseFormat() != null && parameters.responseFormat().type() != ResponseFormatType.TEXT) {
      unsupported.add("responseFormat " + parameters.responseFormat().type());
    }
    if (!unsupported.isEmpty()) {
      throw new UnsupportedFeatureException(
          "a Quarry chat model takes messages, tools, temperature and maxOutputTokens only; this request also"
              + " sets " + String.join(", ", unsupported));
    }
  }
}
