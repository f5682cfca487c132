package dev.quarry.guardrails;

import static dev.quarry.guardrails.Rule.sentence;
import static dev.quarry.guardrails.Rule.words;

import java.util.List;

/**
 * Rule classes {@code instruction_override} (set aside the instructions a model was given: "ignore all previous
 * instructions", "forget everything above", "your instructions are now", "vergiss alle vorherigen Anweisungen",
 * "olvida todas las instrucciones") and {@code context_dismissal} (answer against or without the retrieved
 * documents: "do not look in the documents provided", "answer by your own knowledge").
 *
 * <p>The fillers between verb, qualifier and object are closed word lists, not free gaps: "physicians often
 * disregard the existing guidelines" has a verb and an object but no qualifier that points at a model's
 * instructions, and is not matched.
 */
final class OverrideRules {
  static final String OVERRIDE = "instruction_override";
  static final String CONTEXT = "context_dismissal";

  /** English verbs of setting aside, imperative or not. */
  static final String VERBS = "ignore|ignoring|ignored|disregard|disregarding|disregarded|forget|forgetting|forgot"
      + "|forgotten|overlook|dismiss|abandon|discard|override|overwrite|bypass|neglect|set aside|put aside"
      + "|leave behind|throw away|throw out|stop following|stop obeying|do not follow|don't follow|dont follow"
      + "|no longer follow|never mind|nevermind|pay no attention to|remove|erase";

  private static final String FILL = "(?:(?:about|of|all|the|your|my|any|these|those|every|completely|entirely"
      + "|totally|simply|just|now|please|and|from|in|that|what|you|were|was|have|been|got|before|previously|told"
      + "|whatever|everything|so|far|also|instructions|rules) ){0,3}";
  private static final String TEMPORAL = "previous|previously|prior|above|preceding|earlier|former|foregoing"
      + "|initial|original|aforementioned|past|old";
  private static final String QUALIFIER = "your|all|any|every|" + TEMPORAL;
  private static final String FILL2 = "(?:(?:the|of|your|my|all|previous|prior|above|given|provided|earlier"
      + "|preceding|system|initial|original|old|safety|ethical|content|current|existing|other|user|developer"
      + "|openai|company|assistant|ai|model|default|hidden|secret|preset|programmed|those|these|kinds|types"
      + "|instruction|prompt|that|you|were|was|have|been|got|given|received) ){0,3}";
  private static final String CORE = "instructions|instruction|directions|directives|directive|guidelines|guideline"
      + "|guidance|orders|commands|command|prompts|prompt|rules|tasks|task|assignments|assignment|constraints"
      + "|restrictions|limitations|filters|guardrails|policies|programming|training|conditioning|context"
      + "|documents|articles|thoughts|system prompt|system message";
  private static final String WEAK = "information|info|input|inputs|messages|text|texts|content|knowledge"
      + "|conversation|conversations|discussion|chat|data|statements|answers|responses|things|words|questions";

  private static final String DE_VERBS = "ignoriere|ignorieren|ignoriert|ignorier|ignorierst|vergiss|vergesst"
      + "|vergessen|vergesse|missachte|missachten|missachtet|verwirf|verwerfe|verwerfen|uberspringe|uberspring"
      + "|uberspringen|ubergehe|ubergehen|losche|loschen|streiche|streichen|entferne|entfernen";
  private static final String DE_FILL = "(?:(?:alle|alles|samtliche|jegliche|jede|jeden|die|der|den|das|deine"
      + "|deinen|ihre|ihren|eure|meine|bitte|jetzt|nun|einfach|sofort|mal|was|bisher|zuvor|vorher|von|uber|sie"
      + "|du|ihr) ){0,3}";
  private static final String DE_QUALIFIER = "vorherigen|vorherige|vorheriger|bisherigen|bisherige|obigen|obige"
      + "|vorangehenden|vorangehende|vorangegangenen|vorangegangene|vorigen|vorige|fruheren|fruhere"
      + "|ursprunglichen|ursprungliche|anfanglichen|erhaltenen|gegebenen|alten|alle|samtliche|deine|ihre"
      + "|jegliche";
  private static final String DE_OBJECTS = "anweisungen|anweisung|befehle|befehlen|instruktionen|instruktion"
      + "|regeln|aufgaben|aufgabe|auftrage|auftrag|angaben|vorgaben|anordnungen|informationen|ausfuhrungen"
      + "|richtlinien|prompts|prompt|kontext|dokumente|artikel|hinweise|einschrankungen|beschrankungen"
      + "|programmierung";
  private static final String ML_VERBS = "olvida|olvide|olvidar|olvidate|olvidad|olvidese|ignora|ignorar|ignorad"
      + "|omite|oubliez|oublie|oublier|ignorez|ignorer|dimentica|dimenticate|dimenticare|ignorate|esqueca"
      + "|esquecer|esquece|zaboravi|zaboravite|ignoriraj|ignorirajte|vergeet|negeer|zapomnij|ignoruj"
      + "|\u0437\u0430\u0431\u0443\u0434\u044c|\u0437\u0430\u0431\u0443\u0434\u044c\u0442\u0435"
      + "|\u0438\u0433\u043d\u043e\u0440\u0438\u0440\u0443\u0438|\u0438\u0433\u043d\u043e\u0440\u0438\u0440\u0443"
      + "\u0438\u0442\u0435|unut|unutun";
  private static final String ML_OBJECTS = "instrucciones|instruccion|indicaciones|instructions|consignes"
      + "|istruzioni|indicazioni|instrucoes|instrucao|instrukcije|upute|instructies|instrukcje|polecenia"
      + "|\u0438\u043d\u0441\u0442\u0440\u0443\u043a\u0446\u0438\u0438|\u0443\u043a\u0430\u0437\u0430\u043d\u0438"
      + "\u044f|talimatlari|talimatlar";
  private static final String DOCS = "documents|articles|search results|sources provided|documents provided"
      + "|articles provided|provided context|given context|retrieved context|knowledge base|provided documents"
      + "|provided articles|retrieved documents|provided sources|provided texts";

  private OverrideRules() {}

  static List<Rule> rules() {
    return List.of(
        // ignore all previous instructions; forget your rules; disregard any prior directives
        words(OVERRIDE, 1.0, VERBS, " " + FILL + "(?:" + QUALIFIER + ") " + FILL2 + "(?:" + CORE + ")"),
        // forget about all the previous information
        words(OVERRIDE, 1.0, VERBS, " " + FILL + "(?:" + TEMPORAL + ") " + FILL2 + "(?:" + WEAK + ")"),
        // leave all the previous information behind
        words(OVERRIDE, 1.0, "leave|leaving", " " + FILL + "(?:" + QUALIFIER + ") " + FILL2 + "(?:" + CORE + "|"
            + WEAK + ") behind"),
        // drop / delete / clear your instructions
        words(OVERRIDE, 1.0, "drop|skip|delete|clear|wipe|scrap|reset|remove|erase",
            " (?:all )?(?:of )?your (?:previous |prior |current |initial |original |system )?(?:instructions|rules"
                + "|programming|prompt|guidelines|directives|restrictions|constraints|filters|tasks|thoughts|memory)"),
        // never mind the rules you were given earlier (the qualifier after the object)
        words(OVERRIDE, 1.0, VERBS, " (?:all )?(?:the |these |those |my |any )?(?:" + CORE + ") (?:you (?:were"
            + "|have been|ve been|got|received|had)(?: given| told)?|given to you|i gave you|we gave you|above"
            + "|before this|from before|so far)"),
        // ignore the instructions (no qualifier: weaker)
        words(OVERRIDE, 0.5, VERBS, " (?:the|these|those|my) (?:" + CORE + ")"),
        // ignore the above; ignore above and say
        words(OVERRIDE, 1.0, VERBS, " (?:the |all |everything |all the |what s |what is )?above"
            + "(?! (?:mentioned|average|normal|threshold|baseline|zero|sea level))"),
        // forget everything before that; ignore everything you were told
        words(OVERRIDE, 1.0, VERBS, " (?:about )?(?:everything|all|anything|all of that|all that)"
            + " (?:above|before|prior|previously|earlier|said|so far|up to now|until now|i said|i told you"
            + "|you were told|you've been told|you have been told|you ve been told|we discussed|we talked about"
            + "|that came before|written above|mentioned|in the prompt|from before|we said|i wrote|above this)"),
        words(OVERRIDE, 0.7, VERBS, " (?:about )?(?:everything|anything|all of that|all that|all this)"),
        words(OVERRIDE, 0.6, VERBS, " (?:about )?everything you (?:know|knew|learned|ve learned|have learned)"),
        // all previous information you received is irrelevant
        words(OVERRIDE, 0.9, "all|your|any|previous|prior|above|earlier|preceding|initial|original|old",
            " ~2(?:instructions|information|tasks|prompts|directives|orders|commands|prompt) ~5(?:(?:is|are|was"
                + "|were|have been|has been|becomes|become|shall be|will be|should be) (?:now |hereby |henceforth "
                + "|completely |entirely |all |totally )?(?:irrelevant|void|invalid|obsolete|cancelled|canceled"
                + "|revoked|overridden|superseded|outdated|null|nullified|deprecated|suspended|lifted|disabled"
                + "|deactivated|wrong|false|fake|not important|not relevant|not valid|no longer valid"
                + "|no longer relevant)|(?:no longer|do not|don't|dont|does not|doesn't|shall not|will not)"
                + " (?:apply|matter|count|hold))"),
        // change your instructions to; your instructions are now
        words(OVERRIDE, 1.0, "change|update|modify|replace|rewrite|overwrite|override|alter|reprogram|reset",
            " (?:all )?(?:of )?your (?:current |previous |initial |original |system )?(?:instructions|programming"
                + "|prompt|system prompt|directives|guidelines|restrictions|persona)"),
        words(OVERRIDE, 1.0, "your", " (?:new |current |real |actual |true |updated )?(?:instructions|orders"
            + "|directives|rules|task|tasks|mission|assignment) (?:are|is) (?:now|as follows|the following"
            + "|from now on|hereby)"),
        // contrary to your instructions; despite what you've been told
        words(OVERRIDE, 0.9, "contrary|deviation|deviating|regardless|notwithstanding|despite|instead",
            " (?:to |from |of |following )?(?:your|all|any|the|my) (?:previous |prior |above |original |initial "
                + "|earlier |preceding )?(?:instructions|programming|directives|system prompt|prompt)"),
        words(OVERRIDE, 0.7, "despite|regardless|whatever", " (?:of )?what (?:you've|you have|you ve|you were"
            + "|you've been|you have been|you ve been|you re|you are) ~1(?:told|instructed|programmed|trained"
            + "|said|taught)"),
        // German: vergiss alle vorherigen Anweisungen; die obigen Ausführungen ignorieren
        words(OVERRIDE, 1.0, DE_VERBS, " " + DE_FILL + "(?:" + DE_QUALIFIER + ") " + DE_FILL
            + "(?:" + DE_OBJECTS + ")"),
        words(OVERRIDE, 1.0, "die|alle|samtliche|deine|ihre|obigen|vorherigen|bisherigen|vorangegangenen",
            " " + DE_FILL + "(?:(?:" + DE_QUALIFIER + ") )?(?:" + DE_OBJECTS + ") ~4(?:zu )?(?:ignorieren"
                + "|vergessen|missachten|streichen|verwerfen|loschen|uberspringen|ubergehen|beiseite lassen"
                + "|hinter sich lassen|ausser acht lassen)"),
        words(OVERRIDE, 1.0, "lass|lasse|lassen|lasst", " " + DE_FILL + "(?:" + DE_QUALIFIER + ") " + DE_FILL
            + "(?:" + DE_OBJECTS + ") (?:hinter (?:sich|dir|euch)|beiseite|weg|fallen|ausser acht)"),
        words(OVERRIDE, 1.0, "vergiss|vergesst|vergessen|vergesse", " (?:sie |du )?(?:bitte |einfach |jetzt |nun"
            + " )?alles (?:davor|zuvor|vorher|bisherige|bisher|gesagte|obige|oben|was|andere|vorangegangene"
            + "|bis hierhin|vorherige)"),
        words(OVERRIDE, 0.7, "vergiss|vergesst|vergessen|vergesse", " (?:sie |du )?(?:bitte |einfach |jetzt |nun"
            + " )?alles"),
        words(OVERRIDE, 0.9, "abweichend|entgegen|ungeachtet|trotz", " (?:zu |von )?(?:den |der |deinen |ihren "
            + "|allen )?(?:vorherigen |bisherigen |obigen |ursprunglichen )?(?:instruktionen|anweisungen|vorgaben"
            + "|befehlen|regeln|programmierung)"),
        words(OVERRIDE, 0.9, "alle|deine|ihre|die", " (?:vorherigen|bisherigen|obigen|fruheren|alten)"
            + " (?:informationen|anweisungen|instruktionen|befehle|aufgaben|angaben|vorgaben) ~6(?:sind|waren|ist"
            + "|gelten) (?:ab sofort |nun |jetzt |ab jetzt )?(?:alle |vollig |komplett |ganz )?(?:irrelevant"
            + "|ungultig|nichtig|unwichtig|hinfallig|aufgehoben|veraltet|egal|falsch|nicht (?:ganz |mehr )?"
            + "(?:wichtig|relevant|gultig|grossartig))"),
        // other languages: olvida todas las instrucciones, oubliez toutes les instructions, zaboravi sve
        words(OVERRIDE, 1.0, ML_VERBS, " ~3(?:" + ML_OBJECTS + ")"),
        words(OVERRIDE, 0.7, ML_VERBS, " ~2(?:todo|tout|tutto|tudo|sve|\u0432\u0441\u0435|wszystko|alles"
            + "|her seyi)"),
        words(OVERRIDE, 1.0, ML_VERBS, " ~2(?:todo|tout|tutto|tudo|sve|\u0432\u0441\u0435|wszystko) ~4(?:antes"
            + "|avant|prima|anteriormente|anterior|precedente|ranije|prije|wczesniej|\u0440\u0430\u043d\u0435"
            + "\u0435|\u0434\u043e \u044d\u0442\u043e\u0433\u043e)"),
        // context dismissal: do not look in the documents provided; not by the articles
        words(CONTEXT, 0.8, "not|don't|dont|never|without|instead|rather|stop|no", " (?:(?:look|looking|rely"
            + "|relying|answer|answering|respond|responding|base|basing|use|using|refer|referring|consult"
            + "|consulting|search|searching|stick|sticking|depend|depending|draw|drawing|take|taking|read|reading"
            + "|check|checking|consider|considering)(?: " + Rule.WORD + "){0,2} (?:by|from|in|on|at|to|into"
            + "|according to|based on|using|with)|by|according to|based on|from) (?:the|any|your|these|those|my"
            + "|our) (?:provided |given |attached |retrieved |above |following |supplied |available |search "
            + "|news )?(?:documents|document|articles|article|search results|sources|passages|excerpts"
            + "|provided context|given context|knowledge base)"),
        words(CONTEXT, 0.9, VERBS, " (?:all |any )?(?:of )?(?:the |these |those |your |my )?(?:provided |given "
            + "|attached |retrieved |above |supplied |following )?(?:" + DOCS + ")"),
        words(CONTEXT, 0.6, "answer|respond|reply|use|using|rely|draw|write|argue", " ~2(?:by|from|with|using|on"
            + "|only on|solely on|purely on) your own (?:knowledge|opinion|opinions|information|views|beliefs"
            + "|ideas|thoughts)"),
        sentence(OVERRIDE, 0.6, "stop|halt", " (?:following|obeying) ~2(?:instructions|rules|orders)"),
        words(CONTEXT, 0.7, "nicht|ohne|statt|anstatt", " ~2(?:aus|in|nach|auf|von|mit|anhand) (?:den|dem|der"
            + "|die) (?:bereitgestellten |gegebenen |vorliegenden |angehangten |obigen )?(?:dokumenten|dokumente"
            + "|artikeln|artikel|quellen|texten)"));
  }
}
