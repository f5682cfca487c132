package dev.quarry.bench.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.bench.Options;
import dev.quarry.embeddings.OnnxTextClassifier;
import dev.quarry.guardrails.ClassifierGuard;
import dev.quarry.guardrails.Finding;
import dev.quarry.guardrails.GuardResult;
import dev.quarry.guardrails.InjectionDetector;
import dev.quarry.guardrails.InjectionVerdict;
import dev.quarry.guardrails.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code bench/run guardrails --data-dir bench/data/prompt-injection --scifact ../shared/data/scifact}: the
 * prompt-injection detector's recall and false-positive rate on the labelled deepset prompt-injections splits
 * (English and German), on the NotInject benign hard negatives (prompts with the words injections use), and on
 * every SciFact passage (title and abstract, benign scientific text); then the redactor's findings on SciFact.
 *
 * <p>The default threshold was chosen on the train split only (the sweep printed first); the test split is the
 * reported figure. Options: {@code --threshold} (the detector's default), {@code --sweep 0.3,0.4,...} (thresholds
 * tried on train), {@code --examples 5} (flagged benign texts and redactions shown per set; test-split texts are
 * never printed).
 *
 * <p>With {@code --classifier DIR} (a folder holding {@code model.onnx} and {@code tokenizer.json} of a
 * prompt-injection sequence classifier, exported as {@link OnnxTextClassifier} describes), the same sets are run
 * through that model as a {@link ClassifierGuard} too: {@code --classifier-labels SAFE,INJECTION} (the model's
 * labels in order), {@code --classifier-label INJECTION} (the one that blocks), {@code --classifier-threshold 0.5}.
 * Its figures join the JSON line as {@code classifier_*}. No such model ships or can be downloaded here.
 */
public final class GuardrailsBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GuardrailsBenchmark() {}

  /** One labelled text. */
  record Row(String text, boolean injection) {}

  /** What the detector did on one set. */
  record Result(String name, int rows, int injections, int detected, int benign, int falsePositives,
      List<String> flaggedBenign) {
    double recall() {
      return injections == 0 ? Double.NaN : (double) detected / injections;
    }

    double falsePositiveRate() {
      return benign == 0 ? Double.NaN : (double) falsePositives / benign;
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Path data = Path.of(options.string("data-dir", "bench/data/prompt-injection"));
    Path scifact = Path.of(options.string("scifact", "../shared/data/scifact"));
    double threshold = Double.parseDouble(options.string("threshold",
        Double.toString(InjectionDetector.DEFAULT_THRESHOLD)));
    String sweep = options.string("sweep", "0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0");
    int examples = options.integer("examples", 5);
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Optional<OnnxTextClassifier.Builder> classifierModel = options.has("classifier")
        ? Optional.of(classifierModel(options)) : Optional.empty(); // its files are checked before the long run

    List<Row> train = jsonLines(data.resolve("deepset-train.jsonl"));
    List<Row> test = jsonLines(data.resolve("deepset-test.jsonl"));
    List<Row> notInject = notInject(data);
    List<Row> passages = passages(scifact);
    System.out.printf(Locale.ROOT, "guardrails %s: %s, deepset train %d, test %d, NotInject %d, SciFact %d passages,"
        + " processors=%d%n", data, date, train.size(), test.size(), notInject.size(), passages.size(),
        Runtime.getRuntime().availableProcessors());

    System.out.printf(Locale.ROOT, "%nthreshold sweep on deepset train (how the default was chosen; test not used):"
        + "%n  %9s %8s %8s%n", "threshold", "recall", "FP rate");
    for (String value : sweep.split(",")) {
      double t = Double.parseDouble(value.strip());
      Result r = measure("train", train, InjectionDetector.builder().threshold(t).build(), 0);
      System.out.printf(Locale.ROOT, "  %9.2f %8.4f %8.4f%n", t, r.recall(), r.falsePositiveRate());
    }

    InjectionDetector detector = InjectionDetector.builder().threshold(threshold).build();
    Result trainResult = measure("deepset train", train, detector, examples);
    Result testResult = measure("deepset test", test, detector, 0);
    Result notInjectResult = measure("NotInject (benign)", notInject, detector, examples);
    measure("warm-up", passages, detector, 0);
    long start = System.nanoTime();
    Result scifactResult = measure("SciFact passages", passages, detector, examples);
    double detectMicros = (System.nanoTime() - start) / 1e3 / passages.size();

    System.out.printf(Locale.ROOT, "%ninjection detector, threshold %.2f%n", threshold);
    table(List.of(trainResult, testResult, notInjectResult, scifactResult));
    System.out.printf(Locale.ROOT, "detect: %.1f us per SciFact passage (mean of %d)%n", detectMicros,
        passages.size());
    for (Result r : List.of(trainResult, notInjectResult, scifactResult)) {
      r.flaggedBenign().forEach(text -> System.out.println("  flagged benign, " + r.name() + ": " + text));
    }

    Redactor redactor = Redactor.builder().build();
    for (Row p : passages) {
      redactor.find(p.text());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Redactor.Category c : Redactor.Category.values()) {
      counts.put(c.name(), 0);
    }
    List<String> shown = new ArrayList<>();
    int flaggedPassages = 0;
    start = System.nanoTime();
    for (Row p : passages) {
      List<Finding> findings = redactor.find(p.text());
      flaggedPassages += findings.isEmpty() ? 0 : 1;
      for (Finding f : findings) {
        counts.merge(f.category(), 1, Integer::sum);
        if (shown.size() < examples) {
          shown.add(f.category() + ": \"" + truncate(p.text().substring(f.start(), f.end()), 40) + "\" in \"..."
              + truncate(p.text().substring(Math.max(0, f.start() - 30), f.start()), 30) + "[...]\"");
        }
      }
    }
    double redactMicros = (System.nanoTime() - start) / 1e3 / passages.size();
    System.out.printf(Locale.ROOT, "%nredactor on SciFact passages: %d spans in %d of %d passages, %.1f us per"
        + " passage%n", counts.values().stream().mapToInt(Integer::intValue).sum(), flaggedPassages,
        passages.size(), redactMicros);
    counts.forEach((c, n) -> System.out.printf(Locale.ROOT, "  %-8s %5d%n", c, n));
    shown.forEach(s -> System.out.println("  e.g. " + s));

    Map<String, Object> json = new LinkedHashMap<>();
    Optional<Map<String, Object>> classifier =
        classifierModel.map(model -> classifier(model, options, train, test, notInject, passages));
    json.put("benchmark", "guardrails");
    json.put("date", date);
    json.put("dataset", "deepset/prompt-injections test split");
    json.put("threshold", threshold);
    json.put("injection_recall", round(testResult.recall()));
    json.put("injection_false_positive_rate", round(scifactResult.falsePositiveRate()));
    json.put("injection_false_positive_rate_notinject", round(notInjectResult.falsePositiveRate()));
    json.put("injection_recall_train", round(trainResult.recall()));
    json.put("injection_false_positive_rate_deepset_test", round(testResult.falsePositiveRate()));
    json.put("injection_false_positive_rate_deepset_train", round(trainResult.falsePositiveRate()));
    json.put("test_injections", testResult.injections());
    json.put("test_detected", testResult.detected());
    json.put("notinject_rows", notInjectResult.rows());
    json.put("notinject_flagged", notInjectResult.falsePositives());
    json.put("scifact_passages", scifactResult.rows());
    json.put("scifact_flagged", scifactResult.falsePositives());
    json.put("detect_us_per_passage", round(detectMicros));
    json.put("redact_us_per_passage", round(redactMicros));
    json.put("redactions_scifact", counts);
    classifier.ifPresent(json::putAll);
    System.out.println();
    System.out.println(JSON.writeValueAsString(json));
  }

  /**
   * The detector's figures with its default threshold: recall on the deepset test split, false-positive rates on
   * the SciFact passages and on NotInject. For {@code bench/run production}, which reports them with the rest.
   */
  public record InjectionFigures(String dataset, double recall, double falsePositiveRate,
      double falsePositiveRateNotInject, int scifactPassages) {}

  /** Measures {@link InjectionFigures} on the data in {@code data} and the SciFact corpus in {@code scifact}. */
  public static InjectionFigures injectionFigures(Path data, Path scifact) throws IOException {
    InjectionDetector detector = InjectionDetector.builder().build();
    Result test = measure("deepset test", jsonLines(data.resolve("deepset-test.jsonl")), detector, 0);
    List<Row> passages = passages(scifact);
    Result benign = measure("SciFact passages", passages, detector, 0);
    Result notInject = measure("NotInject (benign)", notInject(data), detector, 0);
    return new InjectionFigures("deepset/prompt-injections test split", test.recall(), benign.falsePositiveRate(),
        notInject.falsePositiveRate(), passages.size());
  }

  private static List<Row> notInject(Path data) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String part : List.of("one", "two", "three")) {
      for (JsonNode n : JSON.readTree(data.resolve("notinject-" + part + ".json").toFile())) {
        rows.add(new Row(n.get("prompt").asText(), false));
      }
    }
    return rows;
  }

  private static List<Row> passages(Path scifact) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(scifact.resolve("corpus.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      rows.add(new Row(n.get("title").asText() + "\n" + n.get("text").asText(), false));
    }
    return rows;
  }

  private static List<Row> jsonLines(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        JsonNode n = JSON.readTree(line);
        rows.add(new Row(n.get("text").asText(), n.get("label").asInt() == 1));
      }
    }
    return rows;
  }

  private static OnnxTextClassifier.Builder classifierModel(Options options) {
    Path dir = Path.of(options.string("classifier", ""));
    OnnxTextClassifier.Builder builder = OnnxTextClassifier.builder(dir.resolve("model.onnx"),
        dir.resolve("tokenizer.json"));
    if (options.has("classifier-labels")) {
      builder.labels(Arrays.stream(options.string("classifier-labels", "").split(",")).map(String::strip)
          .toArray(String[]::new));
    }
    return builder;
  }

  /** The classifier's table and JSON figures, on the sets the detector ran on. */
  private static Map<String, Object> classifier(OnnxTextClassifier.Builder builder, Options options,
      List<Row> train, List<Row> test, List<Row> notInject, List<Row> passages) {
    Path dir = Path.of(options.string("classifier", ""));
    String label = options.string("classifier-label", "INJECTION");
    double threshold = Double.parseDouble(options.string("classifier-threshold",
        Double.toString(ClassifierGuard.DEFAULT_THRESHOLD)));
    try (OnnxTextClassifier model = builder.build()) {
      ClassifierGuard guard = ClassifierGuard.builder(model, label).threshold(threshold).build();
      Function<String, Optional<String>> flags = text -> guard.check(text) instanceof GuardResult.Block block
          ? Optional.of(block.reason()) : Optional.empty();
      Result trainResult = measure("deepset train", train, flags, 0);
      Result testResult = measure("deepset test", test, flags, 0);
      Result notInjectResult = measure("NotInject (benign)", notInject, flags, 0);
      long start = System.nanoTime();
      Result scifactResult = measure("SciFact passages", passages, flags, 0);
      double micros = (System.nanoTime() - start) / 1e3 / passages.size();
      System.out.printf(Locale.ROOT, "%nONNX classifier %s, label %s, threshold %.2f%n", dir, label, threshold);
      table(List.of(trainResult, testResult, notInjectResult, scifactResult));
      System.out.printf(Locale.ROOT, "classify: %.1f us per SciFact passage (mean of %d)%n", micros, passages.size());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("classifier", dir.toString());
      json.put("classifier_threshold", threshold);
      json.put("classifier_recall", round(testResult.recall()));
      json.put("classifier_false_positive_rate", round(scifactResult.falsePositiveRate()));
      json.put("classifier_false_positive_rate_notinject", round(notInjectResult.falsePositiveRate()));
      json.put("classifier_recall_train", round(trainResult.recall()));
      json.put("classifier_us_per_passage", round(micros));
      return json;
    }
  }

  private static void table(List<Result> results) {
    System.out.printf(Locale.ROOT, "%-22s %6s %10s %8s %8s %8s %9s%n", "set", "rows", "injections", "detected",
        "recall", "benign", "FP rate");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%-22s %6d %10d %8d %8s %8d %9s%n", r.name(), r.rows(), r.injections(),
          r.detected(), format(r.recall()), r.benign(), format(r.falsePositiveRate()) + " ("
              + r.falsePositives() + ")");
    }
  }

  /** Runs the detector over {@code rows}; keeps up to {@code examples} flagged benign texts, truncated. */
  private static Result measure(String name, List<Row> rows, InjectionDetector detector, int examples) {
    return measure(name, rows, text -> {
      InjectionVerdict v = detector.detect(text);
      return v.injection() ? Optional.of(v.rules().toString()) : Optional.empty();
    }, examples);
  }

  /** Runs {@code flags} (a reason when it flags a text) over {@code rows}; keeps flagged benign texts as above. */
  private static Result measure(String name, List<Row> rows, Function<String, Optional<String>> flags,
      int examples) {
    int injections = 0;
    int detected = 0;
    int falsePositives = 0;
    List<String> flagged = new ArrayList<>();
    for (Row row : rows) {
      Optional<String> flag = flags.apply(row.text());
      if (row.injection()) {
        injections++;
        detected += flag.isPresent() ? 1 : 0;
      } else if (flag.isPresent()) {
        falsePositives++;
        if (flagged.size() < examples) {
          flagged.add(flag.get() + " \"" + truncate(row.text().replace('\n', ' '), 100) + "\"");
        }
      }
    }
    return new Result(name, rows.size(), injections, detected, rows.size() - injections, falsePositives, flagged);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static double round(double value) {
    return Double.isNaN(value) ? value : Math.round(value * 10_000) / 10_000.0;
  }
}
