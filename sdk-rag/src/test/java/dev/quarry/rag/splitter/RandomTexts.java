package dev.quarry.rag.splitter;

import java.util.Random;

/** Seeded generators of awkward texts for the splitter property tests. */
final class RandomTexts {
  private static final String CJK_ENDERS = "。！？；";
  private static final String[] SPACES = {"\n\n", "\n", "\n\n\n\n", "  ", "\t", " \n ", "\u3000"};

  private RandomTexts() {}

  /** One text of a random kind. */
  static String any(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> english(random, 1 + random.nextInt(400));
      case 1 -> cjk(random, 1 + random.nextInt(600));
      case 2 -> longWords(random, 1 + random.nextInt(30));
      case 3 -> mixed(random, 1 + random.nextInt(300));
      case 4 -> english(random, 1 + random.nextInt(40)) + cjk(random, 1 + random.nextInt(100));
      default -> whitespace(random);
    };
  }

  /** Lowercase words of 1 to 12 letters, with spaces, {@code , . ! ?}, line breaks and paragraphs. */
  static String english(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(word(random, 1 + random.nextInt(12)));
      int p = random.nextInt(100);
      if (p < 6) {
        text.append(". ");
      } else if (p < 8) {
        text.append(random.nextBoolean() ? "! " : "? ");
      } else if (p < 10) {
        text.append(".\n");
      } else if (p < 12) {
        text.append(".\n\n");
      } else if (p < 15) {
        text.append(", ");
      } else if (p < 16) {
        text.append(SPACES[random.nextInt(SPACES.length)]);
      } else {
        text.append(' ');
      }
    }
    return text.toString();
  }

  /** Random ideographs and kana in sentences ended by {@code 。！？；}, with no spaces and a few line breaks. */
  static String cjk(Random random, int chars) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < chars; i++) {
      int p = random.nextInt(100);
      if (p < 8) {
        text.append(CJK_ENDERS.charAt(random.nextInt(CJK_ENDERS.length())));
      } else if (p < 10) {
        text.append(random.nextBoolean() ? "\n" : "\n\n");
      } else if (p < 30) {
        text.appendCodePoint(0x3041 + random.nextInt(0x56)); // hiragana
      } else {
        text.appendCodePoint(0x4E00 + random.nextInt(0x5000)); // CJK unified ideographs
      }
    }
    return text.toString();
  }

  /** Words of up to 400 letters with no separator inside, so only cuts between chars can fit them. */
  static String longWords(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(word(random, 1 + random.nextInt(400)));
      text.append(random.nextInt(4) == 0 ? "\n" : " ");
    }
    return text.toString();
  }

  /** A bit of everything: words, CJK, emoji (surrogate pairs), whitespace runs, dots inside numbers. */
  static String mixed(Random random, int parts) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(7)) {
        case 0 -> text.append(english(random, 1 + random.nextInt(8)));
        case 1 -> text.append(cjk(random, 1 + random.nextInt(20)));
        case 2 -> text.appendCodePoint(0x1F600 + random.nextInt(0x40)); // emoji
        case 3 -> text.append(SPACES[random.nextInt(SPACES.length)]);
        case 4 -> text.append(random.nextInt(1000)).append('.').append(random.nextInt(100));
        case 5 -> text.append(word(random, 20 + random.nextInt(200)));
        default -> text.append("!?.。");
      }
    }
    return text.toString();
  }

  /** Empty or whitespace-only text. */
  static String whitespace(Random random) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      text.append(SPACES[random.nextInt(SPACES.length)]);
    }
    return text.toString();
  }

  static String word(Random random, int length) {
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }
}
