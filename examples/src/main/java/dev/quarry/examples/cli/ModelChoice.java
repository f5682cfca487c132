package dev.quarry.examples.cli;

import dev.quarry.embeddings.EmbeddingPreset;

/** The embedding models the CLI offers, by short name. */
enum ModelChoice {
  MINILM("minilm", EmbeddingPreset.ALL_MINILM_L6_V2),
  BGE_SMALL("bge-small", EmbeddingPreset.BGE_SMALL_EN_V15);

  final String label;
  final EmbeddingPreset preset;

  ModelChoice(String label, EmbeddingPreset preset) {
    this.label = label;
    this.preset = preset;
  }

  @Override
  public String toString() {
    return label;
  }

  /** Parses the short name given on the command line. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<ModelChoice> {
    @Override
    public ModelChoice convert(String value) {
      for (ModelChoice choice : values()) {
        if (choice.label.equalsIgnoreCase(value)) {
          return choice;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown model '" + value + "'; choose minilm or bge-small");
    }
  }
}
