package dev.quarry.spring.boot;

import dev.quarry.api.document.Document;
import dev.quarry.rag.ingest.IngestListener;
import dev.quarry.rag.ingest.IngestResult;
import dev.quarry.rag.loader.FileFailure;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerListener;
import java.util.List;

/** The listener beans of a context as one listener, each told in bean order. */
final class Listeners {
  private Listeners() {}

  static IngestListener ingest(List<IngestListener> listeners) {
    if (listeners.isEmpty()) {
      return IngestListener.NONE;
    }
    if (listeners.size() == 1) {
      return listeners.getFirst();
    }
    List<IngestListener> all = List.copyOf(listeners);
    return new IngestListener() {
      @Override
      public void onStart(int files) {
        all.forEach(l -> l.onStart(files));
      }

      @Override
      public void onDocument(Document document, int chunks) {
        all.forEach(l -> l.onDocument(document, chunks));
      }

      @Override
      public void onFailure(FileFailure failure) {
        all.forEach(l -> l.onFailure(failure));
      }

      @Override
      public void onStored(int chunks, long totalChunks) {
        all.forEach(l -> l.onStored(chunks, totalChunks));
      }

      @Override
      public void onFinish(IngestResult result) {
        all.forEach(l -> l.onFinish(result));
      }

      @Override
      public void onError(RuntimeException failure) {
        all.forEach(l -> l.onError(failure));
      }
    };
  }

  static AnswerListener answer(List<AnswerListener> listeners) {
    if (listeners.isEmpty()) {
      return AnswerListener.NONE;
    }
    if (listeners.size() == 1) {
      return listeners.getFirst();
    }
    List<AnswerListener> all = List.copyOf(listeners);
    return new AnswerListener() {
      @Override
      public void onAnswer(Answer answer) {
        all.forEach(l -> l.onAnswer(answer));
      }

      @Override
      public void onFailure(String question, RuntimeException failure) {
        all.forEach(l -> l.onFailure(question, failure));
      }
    };
  }
}
