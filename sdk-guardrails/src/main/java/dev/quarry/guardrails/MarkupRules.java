package dev.quarry.guardrails;

import static dev.quarry.guardrails.Rule.markup;
import static dev.quarry.guardrails.Rule.words;

import java.util.List;

/**
 * Rule classes on the text's markup rather than its words: {@code template_token} (chat-template tokens of
 * model families, {@code <|im_start|>}, {@code [INST]}, {@code <<SYS>>}, {@code <start_of_turn>}, role tags),
 * {@code role_marker} (a line that opens with a role, {@code SYSTEM:}, {@code ### Instruction}, two speaker
 * labels in a row) and {@code fake_delimiter} ("end of document", runs of escaped newlines {@code \n\n\n} typed
 * as text). Markup rules, on the folded (lower-case) text, each anchored on the characters it starts with.
 */
final class MarkupRules {
  static final String TEMPLATE = "template_token";
  static final String ROLE_MARKER = "role_marker";
  static final String DELIMITER = "fake_delimiter";

  private static final String LINE = "\n.!?\\";
  private static final String LINE_START = "(?:^|\\n|[.!?] |\\\\n ?)[ ]?(?:#{1,4}[ ]?|\\*\\*|>[ ]?)?";
  private static final String AI_ROLES = "user|human|assistant|ai|bot|chatgpt|gpt|model|claude|gemini|llm|agent"
      + "|kunde|nutzer|benutzer|ki";

  private MarkupRules() {}

  static List<Rule> rules() {
    return List.of(
        markup(TEMPLATE, 1.0, "<", "<\\|[ ]?(?:im_start|im_end|im_sep|system|user|assistant|endoftext|begin_of_text"
            + "|end_of_text|start_header_id|end_header_id|eot_id|eom_id|fim_prefix|fim_suffix|fim_middle"
            + "|tool_call|python_tag|channel|message|start|end|begin[_\u2581 ]of[_\u2581 ]sentence"
            + "|end[_\u2581 ]of[_\u2581 ]sentence)[ ]?\\|>"),
        markup(TEMPLATE, 1.0, "[<", "\\[/?inst\\]|<</?sys>>|<(?:start|end)_of_turn>"),
        markup(TEMPLATE, 0.7, "<", "</?(?:system|assistant|user|instructions?|sys|system_prompt|human|im_start|prompt"
            + "|admin|developer)>"),
        markup(TEMPLATE, 0.4, "<[", "</s>|\\[/?(?:system|assistant|user)(?:[ _]?message)?\\]"),
        markup(ROLE_MARKER, 1.0, LINE, LINE_START + "(?:system|developer|admin|administrator|root|operator|sudo)[ ]?"
            + "(?:prompt|message|instructions?|note|override|update|notice|command|alert)[ ]?(?:\\*\\*)?[ ]?:"),
        markup(ROLE_MARKER, 0.6, "\n", "(?:^|\\n)[ ]?(?:#{1,4}[ ]?|\\*\\*)?(?:system|developer|admin|operator)[ ]?"
            + "(?:\\*\\*)?[ ]?:"),
        markup(ROLE_MARKER, 0.8, "\n", "(?:^|\\n)[ ]?(?:" + AI_ROLES + ")[ ]?:[^\\n]{0,300}?\\n[ ]?(?:" + AI_ROLES
            + "|system)[ ]?:|(?:^|\\n)[ ]?(?:human|user|assistant|ai)[ ]?:[ ]?(?:human|user|assistant|ai"
            + "|system)[ ]?:"),
        markup(ROLE_MARKER, 0.4, "\n", "(?:^|\\n)[ ]?(?:#{1,4}[ ]?)?(?:" + AI_ROLES + ")[ ]?:"),
        markup(ROLE_MARKER, 0.4, LINE, LINE_START + "(?:instruction|instructions|task|command|directive"
            + "|anweisung|aufgabe|befehl)[ ]?:"),
        // a dialogue that ends on an open turn ("...\nJohn:"), for the model to complete
        markup(ROLE_MARKER, 0.5, "\n", "\\n[ ]?[\\p{L}][\\p{L} .'-]{0,30}+[ ]?:[ ]?$"),
        markup(ROLE_MARKER, 0.5, "#", "#{2,6}[ ]?(?:system|instruction|instructions|new instructions|response|assistant"
            + "|human|user|new task|prompt)(?![a-z])"),
        markup(ROLE_MARKER, 0.6, LINE, LINE_START + "(?:new|updated|additional|real|actual|important|urgent|secret"
            + "|hidden|override) (?:instructions?|task|tasks|system prompt|directive|directives|orders|prompt)"
            + "[ ]?:"),
        words(DELIMITER, 0.4, "end|close|stop", " of (?:the )?(?:system prompt|instructions|prompt|context"
            + "|document|documents|user input|input|text|data|conversation|article|email|message)"),
        words(DELIMITER, 0.4, "begin|start|beginning", " (?:of )?(?:the )?new (?:instructions|system prompt|task"
            + "|prompt|conversation|session)"),
        markup(DELIMITER, 0.4, "\\", "(?:\\\\[ ]?n[ ]?){3}"));
  }
}
