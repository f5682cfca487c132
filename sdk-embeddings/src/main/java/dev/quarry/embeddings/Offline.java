package dev.quarry.embeddings;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the native libraries off the network. DJL reads {@code ai.djl.offline} when it first loads, so this runs
 * before any DJL class is touched. ONNX Runtime's telemetry can only be stopped by the environment variable
 * {@code ORT_DISABLE_TELEMETRY=1}, which a JVM cannot set for itself: this class logs a hint once when it is
 * missing.
 */
final class Offline {
  private static final Logger LOG = LoggerFactory.getLogger(Offline.class);
  private static volatile boolean done;

  private Offline() {}

  static synchronized void ensure() {
    if (done) {
      return;
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (!"1".equals(System.getenv("ORT_DISABLE_TELEMETRY"))) {
      LOG.info(
          "ONNX Runtime may try to reach its telemetry host; set ORT_DISABLE_TELEMETRY=1 in the environment"
              + " to stop it");
    }
    try {
      OrtEnvironment.getEnvironment().setTelemetry(false);
    } catch (OrtException | UnsupportedOperationException e) {
      LOG.debug("could not switch ONNX Runtime telemetry off: {}", e.toString());
    }
    done = true;
  }
}
