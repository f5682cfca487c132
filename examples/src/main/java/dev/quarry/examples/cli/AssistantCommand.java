package dev.quarry.examples.cli;

import dev.quarry.agents.AgentResult;
import dev.quarry.examples.ShopAssistant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "assistant", mixinStandardHelpOptions = true, description = {
    "Ask the shop assistant example: an agent that looks facts up in the sample shop database (text-to-SQL) and"
        + " rules up in the shop's policies, then prints its answer and every step it took.",
    "Needs a chat model that can call tools: set " + OpenAiEndpoint.BASE_URL + " and " + OpenAiEndpoint.MODEL
        + " (and " + OpenAiEndpoint.API_KEY + " if needed).",
    "Exit status: 0 answered, 1 stopped without an answer (a limit or a failure), 2 bad input or no model."})
final class AssistantCommand implements Callable<Integer> {
  private final Environment environment;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<question>",
      description = "The question, e.g. \"Can customer 17 still return what they ordered last?\"")
  String question;

  @Option(names = "--today", paramLabel = "<yyyy-mm-dd>",
      description = "The date the assistant is told it is (default: today). The sample orders were placed in 2024"
          + " and 2025.")
  LocalDate today;

  AssistantCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    OpenAiEndpoint endpoint = OpenAiEndpoint.from(environment).orElseThrow(() -> new IllegalArgumentException(
        "the assistant needs a chat model that can call tools: " + OpenAiEndpoint.HOW_TO));
    CountingChatModel model = new CountingChatModel(endpoint.chatModel());
    try (ShopAssistant assistant = ShopAssistant.open(model, today == null ? LocalDate.now() : today)) {
      AgentResult result = assistant.ask(question);
      AgentResultPrinter.print(result, endpoint.modelName(), model.usage(), spec.commandLine().getOut());
      return result.answered() ? 0 : 1;
    }
  }
}
