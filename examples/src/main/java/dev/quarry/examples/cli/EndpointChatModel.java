package dev.quarry.examples.cli;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ChatResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

/**
 * A chat model reached at an {@link OpenAiEndpoint}, whose failures name the server and model and say in plain words
 * why the common ones happened (nothing listening, no answer in time), since the person reading them set the
 * environment variables. Failures keep their retriable or non-retriable kind and their cause. Thread-safe if the
 * wrapped model is.
 */
final class EndpointChatModel implements ChatModel {
  private final OpenAiEndpoint endpoint;
  private final ChatModel model;

  EndpointChatModel(OpenAiEndpoint endpoint, ChatModel model) {
    this.endpoint = endpoint;
    this.model = model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    try {
      return model.chat(request);
    } catch (RetriableException e) {
      throw new RetriableException(explain(e), e);
    } catch (NonRetriableException e) {
      throw new NonRetriableException(explain(e), e);
    } catch (QuarryException e) {
      throw new QuarryException(explain(e), e);
    }
  }

  private String explain(QuarryException failure) {
    return "the chat server failed (" + endpoint.describe() + "): " + reason(failure);
  }

  private String reason(QuarryException failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) {
        return "cannot connect; is the server running? (" + OpenAiEndpoint.BASE_URL + ")";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedModelServerException) {
        return "unknown host; check " + OpenAiEndpoint.BASE_URL;
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException
          || t instanceof java.util.concurrent.TimeoutException || t instanceof TimeoutException) {
        return "no answer within " + OpenAiEndpoint.TIMEOUT.toSeconds() + " s";
      }
      if (t instanceof ModelNotFoundException) {
        return "no model '" + endpoint.modelName() + "' there; check " + OpenAiEndpoint.MODEL + " ("
            + failure.getMessage() + ")";
      }
      if (t instanceof AuthenticationException) {
        return "the key was refused; check " + OpenAiEndpoint.API_KEY + " (" + failure.getMessage() + ")";
      }
    }
    return failure.getMessage();
  }

  @Override
  public String toString() {
    return "EndpointChatModel[" + endpoint.describe() + "]";
  }
}
