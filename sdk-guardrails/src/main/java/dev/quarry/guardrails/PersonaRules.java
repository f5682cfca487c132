package dev.quarry.guardrails;

import static dev.quarry.guardrails.Rule.sentence;
import static dev.quarry.guardrails.Rule.words;

import java.util.List;

/**
 * Rule classes {@code role_hijack} (give the model another identity: "you are now", "from now on you", "I want
 * you to act as", "pretend to be", "stay in character", "du bist jetzt", "stell dir vor, du bist") and
 * {@code jailbreak} (switch its limits off: "DAN mode", "do anything now", "you are free from all restrictions",
 * "without ethical guidelines").
 *
 * <p>"Act as" alone is everyday scientific prose ("these proteins act as a buffer"): it counts only when it opens
 * a sentence, as an imperative does, or is addressed to "you".
 */
final class PersonaRules {
  static final String ROLE = "role_hijack";
  static final String JAILBREAK = "jailbreak";

  private static final String YOU_ARE = "you are|you're|you re|youre|u r|u are";
  private static final String NOT_A_PERSONA = "(?! (?:ready|able|done|all set|logged|connected|signed|finished"
      + "|set up|in the|on|at|here|there|good|sure|going to (?:see|learn|get|need)|safe|free to|allowed to"
      + "|familiar|aware|asked|prompted|redirected|back|subscribed|registered|eligible|entitled|responsible"
      + "|in charge|up to date|leaving|entering|viewing|using|running|reading|looking|on the|at the)" + "(?![\\p{L}]))";
  private static final String PERSONA_VERBS = "act|behave|pose|pretend|roleplay|role play|impersonate|simulate"
      + "|emulate|become|play the role|play the part|take on the role|assume the role|take the role";
  private static final String DE_NOT_A_PERSONA = "(?! (?:angemeldet|eingeloggt|abgemeldet|registriert|verbunden"
      + "|fertig|bereit|dran|hier|startklar|online|offline)(?![\\p{L}]))";
  private static final String LIMITS = "restrictions|restraints|limitations|limits|filters|censorship|guidelines"
      + "|rules|policies|boundaries|constraints|safeguards|programming|ethics|morals|principles|openai";

  private PersonaRules() {}

  static List<Rule> rules() {
    return List.of(
        // you are now DAN / known as / free; you are now a pirate (weaker: "you are now a member")
        words(ROLE, 0.9, YOU_ARE, " now (?:called|known as|named|going to (?:act|be|pretend|play|answer|respond)"
            + "|acting|playing|free|unrestricted|unfiltered|uncensored|jailbroken|dan|no longer|officially"
            + "|operating as|becoming|being|in (?:" + Rule.WORD + " )?mode|my|your new)"),
        words(ROLE, 0.6, YOU_ARE, " now (?:a|an|the)"),
        // now you are Ted
        words(ROLE, 0.7, "now|so now|and now|ok now|okay now|but now", " (?:" + YOU_ARE + ")" + NOT_A_PERSONA
            + " " + Rule.WORD),
        // from now on you will; henceforth you
        words(ROLE, 0.7, "from", " now(?: on)?(?: ~2(?:you|your|u|you're|youre)| known as| respond| answer"
            + "| act| only| always| reply)"),
        words(ROLE, 0.6, "henceforth|hereafter|from this moment|from this point", "(?: on| onwards| forward)?"
            + " ~1(?:you|your)"),
        // I want you to act as
        words(ROLE, 0.9, "i|we", " (?:want|would like|d like|'d like|need|ask|command|order|instruct|request)"
            + " you to (?:" + PERSONA_VERBS + ")"),
        words(ROLE, 0.6, "i|we", " (?:want|would like|d like|'d like|need|ask) you to (?:respond|answer|reply"
            + "|write|talk|speak) (?:as|like) (?:a|an|the|my|if|though)"),
        // Act as a Linux terminal. (imperative) ; you act as two entities
        sentence(ROLE, 0.6, "act|behave|pose|roleplay|role play|impersonate|simulate|emulate|please act"
            + "|please behave|now act|now behave|just act", " (?:as|like) (?:a|an|the|my|if|though|your|two|three)"),
        words(ROLE, 0.6, "you", " (?:will |shall |must |should |can |now |are going to |re going to )?(?:act"
            + "|behave|pose|play|roleplay|role play) (?:as|like) (?:a|an|the|my|if|two|three)"),
        // pretend to be; pretend you can
        sentence(ROLE, 0.7, "pretend|please pretend|now pretend|just pretend", " (?:to be|you|that you|to have"
            + "|as if)"),
        words(ROLE, 0.6, "pretend|pretending", " (?:that )?(?:" + YOU_ARE + "|you can|you have|you were|you know"
            + "|you don't|you do not)"),
        words(ROLE, 0.4, "imagine", " (?:that )?(?:" + YOU_ARE + "|you were|yourself as|you could|you can"
            + "|you have)"),
        sentence(ROLE, 0.3, YOU_ARE, " (?:a|an|the|my|three|two|no longer|not)"),
        words(ROLE, 0.5, "stay|remain|stays|remains|staying|remaining", " (?:fully |completely |always |totally )?"
            + "in (?:character|your role|their roles|their role|the role|role|his role|her role|roles)"),
        words(ROLE, 0.5, "break|breaking|falling|fall", " ~1(?:character|out of (?:the |their |your |his |her )?"
            + "(?:role|roles|character|figure))"),
        words(ROLE, 0.4, "roleplay|role play|role playing|roleplaying", ""),
        words(ROLE, 0.6, YOU_ARE, " (?:no longer|not|no) (?:a |an |the )?(?:newspaper|news|editorial|assistant|ai"
            + "|chatbot|language model|bot|model|search engine|journalist|helpful)"),
        words(ROLE, 0.8, YOU_ARE, " (?:no longer|not|no) (?:a |an |the )?~2but (?:a|an|the|my)"),
        words(ROLE, 0.8, YOU_ARE, " (?:now )?(?:role playing|roleplaying|playing the role|playing the part"
            + "|acting as|pretending to be|pretending)"),
        // act as a Linux terminal, a translator, a pirate: personas, not the roles molecules play
        words(ROLE, 0.7, "act|acting|behave", " (?:as|like) (?:a|an|my) ~2(?:terminal|interpreter|console|shell"
            + "|translator|chatbot|character|persona|pirate|villain|debater|comedian|hacker|storyteller|simulator"
            + "|dungeon master|text adventure|linux|jailbreak|dan)"),
        // German: du bist jetzt; jetzt bist du; stell dir vor, du bist; tu so, als ob
        words(ROLE, 0.8, "du bist|sie sind|ihr seid", " (?:jetzt|nun|ab sofort|ab jetzt|von nun an|ab heute"
            + "|fortan|ab hier)" + DE_NOT_A_PERSONA),
        words(ROLE, 0.7, "jetzt|nun|ab sofort|ab jetzt|von nun an|fortan", " (?:bist du|sind sie|seid ihr)"
            + DE_NOT_A_PERSONA),
        words(ROLE, 0.7, "stell|stelle|stellen|stellt", " (?:dir|sie sich|euch) vor ~1(?:du bist|du warst"
            + "|du waerst|du warest|dass du|sie sind|sie waren|dass sie|du seist|du hattest)"),
        words(ROLE, 0.6, "tu|tue|tun|tut", " (?:sie |du )?so ~1als (?:ob|waerst|warst|waren|seist|seiest"
            + "|wurdest|hattest|du|sie)"),
        words(ROLE, 0.9, "ich mochte|ich will|ich wunsche|wir mochten|ich hatte gerne|ich hatte gern",
            " ~1dass (?:sie|du|ihr) ~1als ~7(?:fungieren|fungierst|agieren|agierst|handeln|handelst|auftreten"
                + "|auftrittst|dienen|dienst|arbeiten|arbeitest|antworten|antwortest|verhalten|verhaltst"
                + "|reagieren|reagierst)"),
        sentence(ROLE, 0.5, "fungiere|agiere|handle|verhalte|tritt|fungieren|agieren|spiele|spiel", " (?:dich "
            + "|sie |auf )?(?:als|wie) (?:ein|eine|einen|der|die|das|mein|meine)"),
        words(ROLE, 0.6, "du bist|sie sind", " (?:kein|keine|keinen|nicht mehr) (?:redaktion|ki|assistent"
            + "|assistentin|sprachmodell|chatbot|zeitung|bot|nachrichtenseite|redakteur|journalist)"),
        words(ROLE, 0.8, "du bist|sie sind", " (?:kein|keine|keinen|nicht mehr) ~2sondern"),
        words(ROLE, 0.5, "bleib|bleibe|bleiben|bleibt", " (?:sie |du )?(?:immer |voll |vollig |ganz )?in (?:deiner"
            + "|ihrer|ihren|seiner|der|eurer|den) (?:rolle|rollen)"),
        words(ROLE, 0.5, "aus", " (?:der|ihrer|seiner|deiner|ihren) (?:rolle|figur|rollen) (?:zu )?fallen"),
        // jailbreak: DAN mode, do anything now, free from all restrictions
        words(JAILBREAK, 1.0, "dan|stan|dude|aim|evil|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored"
            + "|chaos|opposite|devil|omega|unlocked|unleashed|anarchy|no limits|no restrictions", " mode"),
        words(JAILBREAK, 0.5, "developer|dev|sudo|override|unsafe|nsfw|admin", " mode (?:enabled|activated|on"
            + "|engaged)"),
        words(JAILBREAK, 0.4, "developer|sudo|nsfw", " mode"),
        words(JAILBREAK, 1.0, "do", " anything now"),
        words(JAILBREAK, 0.5, "jailbreak|jailbroken|jailbreaking|jailbreaks", ""),
        words(JAILBREAK, 0.8, YOU_ARE, " (?:now )?(?:free|freed|released|liberated|unbound|not bound|no longer"
            + " bound|not restricted|no longer restricted|unrestricted|unfiltered|uncensored|exempt) ~3(?:" + LIMITS
            + ")"),
        words(JAILBREAK, 0.5, "without|no|free from|ignoring|bypassing|bypass|disable|disabling|turn off|remove"
            + "|beyond|lifted", " (?:any |all |your |the )?(?:ethical|moral|safety|content|programming|usual"
            + "|typical|openai|openai's|policy|censorship) (?:restrictions|limitations|filters|guidelines|rules"
            + "|policies|boundaries|constraints|concerns|considerations|safeguards)"),
        words(JAILBREAK, 0.6, "you", " (?:can|will|may|must|should|are allowed to|are able to|re allowed to)"
            + " ~2(?:say|do|write|generate|answer|produce) (?:anything|everything|whatever) ~3(?:without"
            + "|regardless|no matter|even if)"),
        // a theoretical world where you are free to
        words(JAILBREAK, 0.5, "theoretical|hypothetical|fictional|imaginary|alternate|alternative|parallel",
            " (?:world|universe|scenario|situation|setting|reality|story) ~2(?:where|in which|wherein) ~1(?:you"
                + "|your)"),
        words(JAILBREAK, 0.5, "completely|totally|fully", " (?:immoral|amoral|unethical|unfiltered|uncensored"
            + "|unrestricted)"));
  }
}
