package dev.quarry.examples.cli;

import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.budget.ContextBudget;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.Rag;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ask", mixinStandardHelpOptions = true, description = {
    "Answer a question from the store, citing the passages used.",
    "With " + OpenAiEndpoint.BASE_URL + " and " + OpenAiEndpoint.MODEL + " set (and " + OpenAiEndpoint.API_KEY
        + " if needed), an OpenAI-compatible server writes the answer; without them the answer is extractive."})
final class AskCommand implements Callable<Integer> {
  static final int DEFAULT_MAX_CONTEXT_TOKENS = 3_000;
  static final int DEFAULT_TOP = 8;

  private final Environment environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<question>", description = "The question.")
  String question;

  @Option(names = "--store", description = "Store folder (default: ${DEFAULT-VALUE}).",
      defaultValue = StoreFolder.DEFAULT)
  Path store;

  @Option(names = {"-k", "--top"}, description = "How many chunks to retrieve (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DEFAULT_TOP)
  int k;

  @Option(names = "--max-context-tokens", paramLabel = "<tokens>",
      description = "Token limit of the prompt (passages, question, instructions) plus the answer, counted with"
          + " the embedding model's tokenizer (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DEFAULT_MAX_CONTEXT_TOKENS)
  int maxContextTokens;

  @Option(names = "--retriever", paramLabel = "dense|bm25|hybrid",
      description = "dense, bm25 or hybrid (default: ${DEFAULT-VALUE}; dense when the store has no keyword index).",
      defaultValue = "hybrid", converter = RetrieverChoice.Converter.class)
  RetrieverChoice retriever;

  AskCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    StoreFolder storeFolder = new StoreFolder(store).requireExisting();
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    if (k < 1) {
      throw new IllegalArgumentException("--top must be at least 1, was " + k);
    }
    if (maxContextTokens < 1) {
      throw new IllegalArgumentException("--max-context-tokens must be at least 1, was " + maxContextTokens);
    }
    Optional<OpenAiEndpoint> endpoint = OpenAiEndpoint.from(environment);
    try (OnnxEmbeddingModel model = OnnxEmbeddingModel.builder().preset(storeFolder.model()).build();
        Indexes indexes = Indexes.open(storeFolder, model.dimension(), false)) {
      Rag.Builder rag =
          Rag.builder(indexes.retriever(retriever, model, spec.commandLine().getErr()))
              .budget(ContextBudget.builder(model.tokenizer(), maxContextTokens).build())
              .maxResults(k);
      endpoint.ifPresentOrElse(e -> rag.chatModel(e.chatModel()), () -> rag.embeddingModel(model));
      Answer answer = rag.build().ask(question);
      AnswerPrinter.print(answer, endpoint, spec.commandLine().getOut());
    }
    return 0;
  }
}
