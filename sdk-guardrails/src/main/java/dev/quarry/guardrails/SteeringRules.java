package dev.quarry.guardrails;

import static dev.quarry.guardrails.Rule.markup;
import static dev.quarry.guardrails.Rule.sentence;
import static dev.quarry.guardrails.Rule.words;

import java.util.List;

/**
 * Rule classes that steer the model's next move: {@code addressed_instruction} (text in data that speaks to the
 * assistant: "note to the AI", "if you are a language model", "Assistant: ignore ..."), {@code task_switch}
 * ("now new tasks follow", "focus on your new task", "that is enough. Now ...", "nun folgen neue Aufgaben"),
 * {@code forced_output} ("just say", "repeat after me", "say that you hate ...", "include this in your answer"),
 * {@code exfiltration} (send the conversation or secrets somewhere; markdown images whose URL carries a query)
 * and {@code tool_bait} ("call the tool", "execute the following command").
 */
final class SteeringRules {
  static final String ADDRESSED = "addressed_instruction";
  static final String TASK = "task_switch";
  static final String FORCED = "forced_output";
  static final String EXFILTRATION = "exfiltration";
  static final String TOOL = "tool_bait";

  private static final String AI = "ai|ais|llm|llms|language model|language models|large language model"
      + "|large language models|chatbot|chatbots|chat bot|gpt|chatgpt|claude|gemini|copilot|bard|ai assistant"
      + "|ai assistants|virtual assistant|digital assistant|ai agent|ai agents|ai model|ai models|ai system"
      + "|ai systems|ki|ki assistent|sprachmodell|ai reading this|model reading this|llm reading this";
  private static final String ADDRESS_VERBS = "ignore|disregard|forget|do|don't|dont|say|print|write|respond"
      + "|reply|answer|tell|output|send|include|add|insert|you|make sure|remember|stop|execute|run|call|visit"
      + "|open|delete|summarize|summarise|translate|act|i|ignoriere|vergiss|sag|sage|schreib|schreibe|antworte"
      + "|gib|du|from now|new|please|bitte";
  private static final String PRAISE = "well done|very good|very well done|good job|great job|excellent"
      + "|excellent performance|wow|congratulations|simply great|perfect|brilliant|fantastic|great work"
      + "|nice work|you did it|you did great|super|amazing|outstanding|bravo|man you did it|sehr gut"
      + "|gut gemacht|sehr gut gemacht|ausgezeichnet|ausgezeichnete leistung|wow das ist fantastisch"
      + "|herzlichen gluckwunsch|einfach grossartig|toll|klasse";
  private static final String SEND = "send|email|e mail|mail|post|upload|forward|transmit|exfiltrate|leak"
      + "|submit|share|paste|report|relay|sende|schicke|schick|ubermittle|ubertrage|leite|poste";
  private static final String SENSITIVE = "conversation|conversations|chat history|conversation history|history"
      + "|system prompt|prompt|instructions|password|passwords|credentials|credential|api key|api keys|secrets"
      + "|tokens|user data|personal data|private data|previous messages|memory|cookies|session|transcript"
      + "|contacts|everything above|all data|chat log|chat logs";

  private SteeringRules() {}

  static List<Rule> rules() {
    return List.of(
        // note to the AI; if you are a language model; AI: ignore ...
        words(ADDRESSED, 1.0, "note|notes|message|instruction|instructions|attention|important|notice|reminder"
            + "|warning|memo|hint|request|ps|p s|directive|command|order|hinweis|nachricht|anweisung|achtung",
            " (?:to|for|an|fur) (?:the |any |all |every |die |den |das |alle )?(?:" + AI + ")"),
        words(ADDRESSED, 0.7, "note|message|instruction|instructions|attention|important|notice|reminder",
            " (?:to|for) (?:the |any |all |every )?(?:assistant|assistants|agent|agents|bot|bots|model|models)"),
        words(ADDRESSED, 0.9, "if|when|whenever|since|because", " you (?:are|re) (?:an? |the |any )?(?:" + AI
            + "|automated system|automated agent|automated assistant)"),
        words(ADDRESSED, 1.0, "if|when|whenever", " (?:an? |the |any )?(?:" + AI + "|assistant|bot) (?:is )?"
            + "(?:reading|reads|processing|processes|summarizing|summarising|summarizes|summarises|parsing|parses"
            + "|analyzing|analysing|analyzes|sees|scrapes|scraping|ingests|ingesting|encounters) (?:this|these"
            + "|the following|my|our)"),
        sentence(ADDRESSED, 0.9, "assistant|ai|chatgpt|gpt|claude|gemini|copilot|llm|chatbot|bot|bard|hey ai"
            + "|hey assistant|hi ai|hello ai|dear ai|dear assistant|hey chatgpt|hello chatgpt|hi chatgpt"
            + "|hello gpt|hi gpt|hey gpt|dear llm|ok gpt|okay gpt|ki|hallo ki|hallo gpt|hey ki|liebe ki"
            + "|lieber assistent", "(?: \\.)? (?:please |bitte |now |jetzt |nun )?(?:" + ADDRESS_VERBS + ")"),
        sentence(ADDRESSED, 0.5, "hello|hi|hey|dear|ok|okay|hallo|liebe|lieber|yo|greetings", " (?:gpt|chatgpt"
            + "|ai|assistant|bot|chatbot|claude|gemini|llm|ki|copilot|bard|model|language model|bing)"),
        words(ADDRESSED, 0.5, "you", " as (?:an? )?(?:ai|language model|llm|large language model|ai assistant"
            + "|ai model|chatbot)"),
        words(ADDRESSED, 0.5, "as", " (?:an? )?(?:ai|language model|llm|large language model|ai assistant"
            + "|ai model|chatbot) you (?:must|should|have to|will|are required|are obligated|are supposed|need to"
            + "|cannot|can't|can)"),
        // task switch
        words(TASK, 0.7, "new|further|additional|updated|different|more|other", " (?:tasks?|instructions?"
            + "|assignments?|orders|commands|directives|challenges?) (?:follow|follows|are followed|come|comes"
            + "|coming|now|begin|begins|await|awaits|are coming|will follow)"),
        words(TASK, 0.7, "now|so now|and now|here", " (?:follow|follows|come|comes) (?:some |a few |the )?"
            + "(?:new|further|additional|more|other) (?:tasks|instructions|assignments|orders|commands)"),
        words(TASK, 0.8, "focus|concentrate|concentrating|focusing|turn|move", " (?:now |only )?(?:on|to)"
            + " (?:your|the|a|this|my) new (?:task|tasks|assignment|job|instruction|instructions|goal|mission"
            + "|challenge)"),
        words(TASK, 0.7, "your", " (?:new|next|real|actual|true|only|sole) (?:task|job|goal|assignment|mission"
            + "|purpose|objective|instruction|instructions|role) (?:is|will be|now|from now|consists)"),
        words(TASK, 0.5, "we|let's|lets|let us", " (?:will |are going to |now |re going to )?(?:start|begin"
            + "|restart) (?:over|again|afresh|anew|from scratch|from the beginning|from the front|from the top"
            + "|fresh|with a new task)"),
        words(TASK, 0.5, "new|another|next|different|fresh", " ~1(?:challenge|task|assignment|mission|job) for"
            + " (?:you|u)"),
        words(TASK, 0.5, "neue|weitere|andere|nachste", " ~1(?:aufgabe|herausforderung|mission) (?:fur|an) (?:dich"
            + "|sie|euch)"),
        words(TASK, 0.4, "help|helfen|hilfe", " ~2(?:with|bei) (?:another|a new|the next|one more|einer weiteren"
            + "|einer neuen|der nachsten) (?:task|assignment|challenge|aufgabe|herausforderung)"),
        sentence(TASK, 0.3, "start|starting|begin", " (?:over|from the front|from scratch|anew|again from)"),
        words(TASK, 0.7, "that|this|it", " (?:is|was|s|has been) (?:enough|done|sufficient|over|finished"
            + "|completed|fine) \\. (?:(?:but |so |and |ok |okay |please )?now|next)"),
        sentence(TASK, 0.4, PRAISE, " ~9\\. (?:~9\\. )?(?:but |aber |so |and |und )?(?:now|nun|jetzt)"),
        sentence(TASK, 0.6, "stop|halt|attention|achtung|stopp|wait|warte|abort|cancel", " (?:\\. )?(?:stop|stopp"
            + "|halt|ignore|ignoriere|write|schreib|schreibe|say|sag|sage|i urgently|urgently|i need|ich benotige"
            + "|ich brauche|forget|vergiss|print|output|new|neue|everything|alles|now|jetzt)"),
        words(TASK, 0.7, "nun|jetzt|hier|es", " folgen (?:nun |jetzt )?(?:neue|weitere|zusatzliche|andere)"
            + " (?:aufgaben|anweisungen|befehle|instruktionen|auftrage)"),
        words(TASK, 0.8, "konzentriere|konzentrieren|konzentrier|fokussiere|fokussieren|widme|widmen", " (?:dich"
            + "|sie sich|euch) ~1auf (?:deine|ihre|die|eure) neue (?:aufgabe|aufgaben|anweisung|herausforderung)"),
        words(TASK, 0.7, "deine|ihre|eure", " neue (?:aufgabe|aufgaben|anweisung|rolle|mission) (?:ist|lautet"
            + "|besteht|sind)"),
        words(TASK, 0.5, "wir|fangen|beginnen|starten", " ~3(?:von vorne|von vorn|von neu|nochmal von vorne)"),
        words(TASK, 0.7, "das", " (?:genugt|reicht|ist erledigt|ist genug|war s|wars|war es) \\. ~4(?:nun|jetzt)"),
        // forced output
        words(FORCED, 0.4, "just|only|simply|nur|einfach|lediglich", " (?:say|output|print|write|reply|respond"
            + "|return|type|repeat|state|sagen|sage|sag|schreiben|schreibe|schreib|ausgeben|antworten|antworte)"),
        words(FORCED, 0.7, "repeat|say", " after me"),
        words(FORCED, 0.7, "sprich|sprechen", " (?:mir|sie mir) nach"),
        markup(FORCED, 0.4, "\"'", "(?<=(?<![a-z])(?:say|print|output|write|type|reply with|respond with"
            + "|answer with|state|sag|sage|schreib|schreibe|gib aus|ausgeben|drucke|antworte mit)(?: only| exactly"
            + "| just| the word| the words| the phrase| the sentence| the following| with| nur| genau)?[ :]{0,2})"
            + "(?:\"[^\"\n]{1,200}+\"|'[^'\n]{1,200}+')"),
        words(FORCED, 0.6, "say|state|claim|write|tell|admit|confirm|declare|include|add|mention|answer|print"
            + "|output|explain", " ~3that you (?:hate|love|are|think|believe|support|despise|like|dislike|want"
            + "|agree|prefer)"),
        words(FORCED, 0.5, "include|add|insert|append|put|embed|mention|place|attach", " ~5(?:in|into|to"
            + "|at the end of|at the start of|at the beginning of|within) (?:your|the|each|every|all) ~1(?:answer"
            + "|answers|response|responses|reply|replies|output|summary|summaries)"),
        words(FORCED, 0.6, "do|don't|dont|never", " (?:not )?answer (?:this|the|my|that|any) (?:question|query"
            + "|request)"),
        words(FORCED, 1.0, "do|don't|dont|never", " (?:not )?answer (?:this|the|my|that|any) (?:question|query"
            + "|request) (?:but|and|instead|just|only|rather)"),
        sentence(FORCED, 0.4, "state|claim|declare|assert|say|write", " that"),
        // exfiltration
        words(EXFILTRATION, 0.9, SEND, " ~4(?:" + SENSITIVE + ") ~5(?:to|an|at|into|via|nach|zu) " + Rule.WORD),
        words(EXFILTRATION, 0.5, SEND, " ~6(?:to|an|at|into|via) (?:https|http|www|ftp|this url|this link"
            + "|this address|this endpoint|this server|this webhook|the following url|the following link"
            + "|the following address|the following endpoint|the following server|the following webhook"
            + "|my server|my endpoint|my webhook|my email|my address|my url)"),
        markup(EXFILTRATION, 0.9, "!", "!\\[[^\\]\\n]{0,200}+\\]\\([ ]?https?://[^\\s)?]{1,500}+\\?[^\\s)]{0,1000}?"
            + "(?:\\{|\\[|<|\\$|%7b)"),
        markup(EXFILTRATION, 0.5, "!", "!\\[[^\\]\\n]{0,200}+\\]\\([ ]?https?://[^\\s)?]{1,500}+\\?"
            + "[^\\s)]{1,2000}+\\)"),
        markup(EXFILTRATION, 0.4, "<", "<img[^>]{0,200}?src[ ]?=[ ]?[\"']?https?://[^\\s\"'>?]{1,500}+\\?"),
        // tool bait
        words(TOOL, 0.4, "call|invoke|use|execute|run|trigger|activate|calling|invoking", " (?:the|your|this"
            + "|that|a) ~2(?:tool|tools|function|plugin|api|action|browser|browsing tool|web search"
            + "|code interpreter|python tool)"),
        words(TOOL, 0.4, "execute|run", " (?:the following|this|these|that) (?:command|commands|code|script"
            + "|shell command|query|sql|program)"),
        words(TOOL, 0.3, "delete|drop|erase|wipe|destroy|format", " (?:the |all |a |your |my |this )?(?:database"
            + "|databases|all files|repository|tables|user accounts|records|emails|hard drive)"));
  }
}
