package dev.quarry.vectorstore.qdrant;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.store.Metric;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Points;

/**
 * Opens a Qdrant collection for a store: creates it when allowed (one unnamed dense vector with the metric's
 * distance, and a keyword index on the filter field), and refuses one whose vector size or distance differs from the
 * store's, or that holds named vectors.
 */
final class QdrantCollection {
  private QdrantCollection() {}

  static void open(QdrantClient client, String name, int dimension, Metric metric, boolean createIfMissing) {
    String what = "the collection '" + name + "'";
    boolean exists = QdrantCalls.await(client.collectionExistsAsync(name), "a look-up of " + what);
    if (!exists) {
      if (!createIfMissing) {
        throw new NonRetriableException("Qdrant has no collection '" + name + "' and createIfMissing is off");
      }
      QdrantCalls.await(client.createCollectionAsync(name, Collections.VectorParams.newBuilder()
          .setSize(dimension).setDistance(distance(metric)).build()), "the creation of " + what);
      QdrantCalls.await(client.createPayloadIndexAsync(Points.CreateFieldIndexCollection.newBuilder()
          .setCollectionName(name).setWait(true).setFieldName(QdrantFilters.TOKENS)
          .setFieldType(Points.FieldType.FieldTypeKeyword).build(), null), "the filter index of " + what);
    }
    Collections.CollectionInfo info = QdrantCalls.await(client.getCollectionInfoAsync(name), "a look-up of " + what);
    Collections.VectorsConfig vectors = info.getConfig().getParams().getVectorsConfig();
    if (!vectors.hasParams()) {
      throw new NonRetriableException("Qdrant collection '" + name + "' holds named vectors; the store needs a"
          + " collection with one unnamed vector");
    }
    Collections.VectorParams params = vectors.getParams();
    if (params.getSize() != dimension) {
      throw new IllegalArgumentException("Qdrant collection '" + name + "' holds " + params.getSize()
          + "-dimensional vectors but the store was built for " + dimension);
    }
    if (params.getDistance() != distance(metric)) {
      throw new IllegalArgumentException("Qdrant collection '" + name + "' compares vectors by "
          + params.getDistance() + " but the store was built for " + metric + " (" + distance(metric) + ")");
    }
  }

  static Collections.Distance distance(Metric metric) {
    return switch (metric) {
      case COSINE -> Collections.Distance.Cosine;
      case DOT_PRODUCT -> Collections.Distance.Dot;
      case EUCLIDEAN -> Collections.Distance.Euclid;
    };
  }
}
