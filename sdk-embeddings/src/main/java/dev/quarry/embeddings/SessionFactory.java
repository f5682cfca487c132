package dev.quarry.embeddings;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.quarry.api.NonRetriableException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens an ONNX Runtime session with Quarry's options and the chosen execution provider. */
final class SessionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  private SessionFactory() {}

  /** The session and the provider it really runs on. */
  record Opened(OrtSession session, ExecutionProvider provider) {}

  static Opened open(byte[] model, String name, int intraOpThreads, ExecutionProvider requested, int gpuDevice) {
    Offline.ensure();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    boolean cudaBuild = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    if (requested == ExecutionProvider.CUDA && !cudaBuild) {
      throw new NonRetriableException(
          "CUDA was requested but this ONNX Runtime build has no CUDA provider: depend on"
              + " com.microsoft.onnxruntime:onnxruntime_gpu instead of onnxruntime");
    }
    if (requested != ExecutionProvider.CPU && cudaBuild) {
      try (SessionOptions options = options(intraOpThreads, gpuDevice)) {
        return new Opened(env.createSession(model, options), ExecutionProvider.CUDA);
      } catch (OrtException e) {
        if (requested == ExecutionProvider.CUDA) {
          throw new NonRetriableException("cannot run " + name + " on CUDA device " + gpuDevice, e);
        }
        LOG.info("CUDA is not usable ({}); running {} on the CPU", e.getMessage(), name);
      }
    }
    try (SessionOptions options = options(intraOpThreads, -1)) {
      return new Opened(env.createSession(model, options), ExecutionProvider.CPU);
    } catch (OrtException e) {
      throw new NonRetriableException("ONNX Runtime cannot load the model " + name, e);
    }
  }

  /**
   * A CPU session that {@code check} accepts, returning what {@code check} makes of it; the session is closed when
   * the check throws.
   */
  static <S> S openChecked(byte[] model, String name, int intraOpThreads, Function<OrtSession, S> check) {
    OrtSession session = open(model, name, intraOpThreads, ExecutionProvider.CPU, -1).session();
    try {
      return check.apply(session);
    } catch (RuntimeException e) {
      try {
        session.close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Options for one session; the caller closes them once the session exists. */
  private static SessionOptions options(int intraOpThreads, int gpuDevice) throws OrtException {
    SessionOptions options = new SessionOptions();
    try {
      options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      if (gpuDevice >= 0) {
        options.addCUDA(gpuDevice);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }
}
