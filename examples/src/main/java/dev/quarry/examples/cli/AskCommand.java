package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import dev.quarry.RetrievalMode;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerMode;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true, description = {
    "Answer a question from the store, citing the passages used.",
    "With " + OpenAiEndpoint.BASE_URL + " and " + OpenAiEndpoint.MODEL + " set (and " + OpenAiEndpoint.API_KEY
        + " if needed), an OpenAI-compatible server writes the answer; without them the answer is extractive."})
final class AskCommand implements Callable<Integer> {
  private final Environment environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<question>", description = "The question.")
  String question;

  @Mixin StoreOptions store;

  @Option(names = {"-k", "--max-results"}, description = "How many chunks to retrieve (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + Quarry.Builder.DEFAULT_MAX_RESULTS)
  int maxResults;

  @Option(names = "--max-context-tokens", paramLabel = "<tokens>",
      description = "Token limit of the prompt (passages, question, instructions) plus the answer, counted with"
          + " the embedding model's tokenizer (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + Quarry.Builder.DEFAULT_MAX_CONTEXT_TOKENS)
  int maxContextTokens;

  @Option(names = "--retriever", paramLabel = "dense|bm25|hybrid",
      description = "dense, bm25 or hybrid (default: ${DEFAULT-VALUE}).",
      defaultValue = "hybrid", converter = RetrievalModes.Converter.class)
  RetrievalMode retriever;

  AskCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("--max-results must be at least 1, was " + maxResults);
    }
    if (maxContextTokens < 1) {
      throw new IllegalArgumentException("--max-context-tokens must be at least 1, was " + maxContextTokens);
    }
    Quarry.Builder builder = store.builder(environment, true);
    Optional<OpenAiEndpoint> endpoint = OpenAiEndpoint.from(environment);
    endpoint.ifPresent(e -> builder.answerMode(AnswerMode.chat(e.chatModel())));
    try (Quarry quarry = builder.retrieval(retriever).maxResults(maxResults).maxContextTokens(maxContextTokens)
        .build()) {
      RetrievalModes.warnOfKeywordGap(retriever, quarry, spec.commandLine().getErr());
      Answer answer = quarry.ask(question);
      AnswerPrinter.print(answer, endpoint, spec.commandLine().getOut());
    }
    return 0;
  }
}
