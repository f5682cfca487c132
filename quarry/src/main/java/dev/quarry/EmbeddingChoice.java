package dev.quarry;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.embeddings.EmbeddingPreset;
import dev.quarry.embeddings.OnnxEmbeddingModel;
import dev.quarry.rag.pipeline.AnswerMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The embedding model a {@link Quarry} build settled on, the id its folder records for it, and whether Quarry made
 * it (and so closes it).
 */
record EmbeddingChoice(String id, EmbeddingModel model, Optional<AutoCloseable> owned) {

  /**
   * The model for a folder that recorded {@code recorded}: the custom model if given, else the preset if given,
   * else the recorded preset, else {@code unrecorded}. Loads a preset's model.
   *
   * @param folder the folder, or null in memory (then {@code recorded} is empty)
   * @param unrecorded the preset when none is given or recorded: {@link Quarry#DEFAULT_MODEL} for a new folder,
   *     the first default model for a store made before folders recorded their model
   * @throws IllegalArgumentException if the folder recorded another model than the one given, or one that is not
   *     a preset while none was given
   */
  static EmbeddingChoice resolve(Path folder, EmbeddingPreset preset, EmbeddingModel customModel,
      String customModelId, Optional<String> recorded, EmbeddingPreset unrecorded) {
    if (customModel != null) {
      recorded.filter(id -> !sameModel(id, customModelId)).ifPresent(id -> {
        throw mismatch(folder, id, customModelId);
      });
      return new EmbeddingChoice(customModelId, customModel, Optional.empty());
    }
    EmbeddingPreset chosen = preset;
    if (chosen == null) {
      chosen = recorded.map(id -> presetNamed(id).orElseThrow(() -> new IllegalArgumentException(
              new QuarryFolder(folder).manifest().toAbsolutePath() + " names the embedding model '" + id + "',"
              + " which is not a bundled preset (allowed: " + Arrays.stream(EmbeddingPreset.values())
              .map(Enum::name).collect(Collectors.joining(", ")) + "); if the folder was filled by a model of"
              + " your own, give it with Builder.embeddings(model, \"" + id + "\")")))
          .orElse(unrecorded);
    } else {
      String wanted = chosen.name();
      recorded.filter(id -> !sameModel(id, wanted)).ifPresent(id -> {
        throw mismatch(folder, id, wanted);
      });
    }
    OnnxEmbeddingModel onnx = OnnxEmbeddingModel.builder().preset(chosen).build();
    return new EmbeddingChoice(chosen.name(), onnx, Optional.of(onnx));
  }

  /**
   * The cosine similarity a sentence needs to be quoted in an extractive answer: the preset's {@link
   * EmbeddingPreset#minSentenceSimilarity()}, or {@link AnswerMode.Extractive#DEFAULT_MIN_SIMILARITY} for a model
   * of the caller's own.
   */
  double extractiveMinScore() {
    return presetNamed(id).map(EmbeddingPreset::minSentenceSimilarity)
        .orElse(AnswerMode.Extractive.DEFAULT_MIN_SIMILARITY);
  }

  /**
   * Whether a folder that records {@code recorded} holds vectors of the model {@code id}: the same id ignoring
   * case, or two spellings of one preset ({@code all-minilm-l6-v2} and {@code ALL_MINILM_L6_V2}).
   */
  static boolean sameModel(String recorded, String id) {
    if (recorded.strip().equalsIgnoreCase(id.strip())) {
      return true;
    }
    Optional<EmbeddingPreset> preset = presetNamed(recorded);
    return preset.isPresent() && preset.equals(presetNamed(id));
  }

  static IllegalArgumentException mismatch(Path folder, String recorded, String wanted) {
    return new IllegalArgumentException("the folder " + folder.toAbsolutePath() + " was filled by the embedding"
        + " model " + recorded + ", not " + wanted + "; vectors of two models cannot be compared: open it with"
        + " that model, or use another folder");
  }

  private static Optional<EmbeddingPreset> presetNamed(String id) {
    return Arrays.stream(EmbeddingPreset.values())
        .filter(p -> p.name().equalsIgnoreCase(id.strip()) || p.name().replace('_', '-').toLowerCase(Locale.ROOT)
            .equals(id.strip().toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
