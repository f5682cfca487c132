package dev.quarry.vectorstore.milvus;

import static dev.quarry.vectorstore.milvus.MilvusRecords.EQ;
import static dev.quarry.vectorstore.milvus.MilvusRecords.ID;
import static dev.quarry.vectorstore.milvus.MilvusRecords.MAX;
import static dev.quarry.vectorstore.milvus.MilvusRecords.MIN;
import static dev.quarry.vectorstore.milvus.MilvusRecords.RECORD;
import static dev.quarry.vectorstore.milvus.MilvusRecords.TEXT;
import static dev.quarry.vectorstore.milvus.MilvusRecords.VECTOR;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.store.Metric;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.GetLoadStateReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.request.LoadCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.request.ListIndexesReq;
import io.milvus.v2.service.index.response.DescribeIndexResp;
import java.util.List;

/**
 * Opens a Milvus collection for a store: finds it, creates it when allowed (the schema of {@link MilvusRecords},
 * an {@code AUTOINDEX} on the vector with the metric's Milvus name), makes sure its vector has an index and that
 * it is loaded, and refuses one whose dimension or metric differs from the store's, or whose fields are not the
 * ones the store writes. The limits the store checks records against are the collection's own ({@code
 * max_length} of its {@code VARCHAR}s, {@code max_capacity} of its token array).
 *
 * @param idMaxBytes the id field's {@code max_length}
 * @param textMaxBytes the text field's {@code max_length}
 * @param recordMaxBytes the payload field's {@code max_length}
 * @param maxTokens the token array's {@code max_capacity}
 * @param tokenMaxBytes the {@code max_length} of each token
 */
record MilvusCollection(int idMaxBytes, int textMaxBytes, int recordMaxBytes, int maxTokens, int tokenMaxBytes) {

  static MilvusCollection open(MilvusCalls calls, String name, int dimension, Metric metric, boolean createIfMissing,
      long loadTimeoutMillis) {
    String what = "the collection '" + name + "'";
    boolean exists = calls.call("a look-up of " + what,
        client -> client.hasCollection(HasCollectionReq.builder().collectionName(name).build()));
    if (!exists) {
      if (!createIfMissing) {
        throw new NonRetriableException("Milvus at " + calls.endpoint() + " has no collection '" + name
            + "' and createIfMissing is off");
      }
      calls.run("the creation of " + what, client -> client.createCollection(CreateCollectionReq.builder()
          .collectionName(name).description("Quarry chunks: text, vectors and metadata")
          .collectionSchema(schema(dimension)).build()));
    }
    DescribeCollectionResp described = calls.call("a description of " + what,
        client -> client.describeCollection(DescribeCollectionReq.builder().collectionName(name).build()));
    CreateCollectionReq.CollectionSchema schema = described.getCollectionSchema();
    CreateCollectionReq.FieldSchema vector = field(name, schema, VECTOR, DataType.FloatVector, null);
    if (vector.getDimension() == null || vector.getDimension() != dimension) {
      throw new IllegalArgumentException("Milvus collection '" + name + "' holds " + vector.getDimension()
          + "-dimensional vectors but the store was built for " + dimension);
    }
    CreateCollectionReq.FieldSchema id = field(name, schema, ID, DataType.VarChar, null);
    if (!Boolean.TRUE.equals(id.getIsPrimaryKey()) || Boolean.TRUE.equals(id.getAutoID())) {
      throw notQuarry(name, "its field '" + ID + "' is not a primary key the client sets");
    }
    CreateCollectionReq.FieldSchema text = field(name, schema, TEXT, DataType.VarChar, null);
    CreateCollectionReq.FieldSchema record = field(name, schema, RECORD, DataType.VarChar, null);
    CreateCollectionReq.FieldSchema tokens = field(name, schema, EQ, DataType.Array, DataType.VarChar);
    field(name, schema, MIN, DataType.JSON, null);
    field(name, schema, MAX, DataType.JSON, null);

    IndexParam.MetricType wanted = metricType(metric);
    List<String> indexes = calls.call("a look-up of the indexes of " + what, client -> client.listIndexes(
        ListIndexesReq.builder().collectionName(name).fieldName(VECTOR).build()));
    if (indexes.isEmpty()) {
      calls.run("the creation of an index on " + what, client -> client.createIndex(CreateIndexReq.builder()
          .collectionName(name).indexParams(List.of(IndexParam.builder().fieldName(VECTOR)
              .indexType(IndexParam.IndexType.AUTOINDEX).metricType(wanted).build())).sync(false).build()));
    } else {
      DescribeIndexResp index = calls.call("a description of the index of " + what, client -> client.describeIndex(
          DescribeIndexReq.builder().collectionName(name).fieldName(VECTOR).indexName(indexes.getFirst()).build()));
      IndexParam.MetricType stored = index.getIndexDescriptions().isEmpty() ? null
          : index.getIndexDescriptions().getFirst().getMetricType();
      if (stored != wanted) {
        throw new IllegalArgumentException("Milvus collection '" + name + "' compares vectors by " + stored
            + " but the store was built for " + metric + " (" + wanted + ")");
      }
    }
    boolean loaded = calls.call("a look-up of the load state of " + what,
        client -> client.getLoadState(GetLoadStateReq.builder().collectionName(name).build()));
    if (!loaded) {
      calls.run("the loading of " + what, client -> client.loadCollection(LoadCollectionReq.builder()
          .collectionName(name).sync(true).timeout(loadTimeoutMillis).build()));
    }
    return new MilvusCollection(maxLength(id), maxLength(text), maxLength(record),
        tokens.getMaxCapacity() == null ? MilvusRecords.MAX_TOKENS : tokens.getMaxCapacity(), maxLength(tokens));
  }

  /** The Milvus name of {@code metric}. */
  static IndexParam.MetricType metricType(Metric metric) {
    return switch (metric) {
      case COSINE -> IndexParam.MetricType.COSINE;
      case DOT_PRODUCT -> IndexParam.MetricType.IP;
      case EUCLIDEAN -> IndexParam.MetricType.L2;
    };
  }

  /** The schema of a new collection: the fields of {@link MilvusRecords}, no dynamic field. */
  private static CreateCollectionReq.CollectionSchema schema(int dimension) {
    CreateCollectionReq.CollectionSchema schema =
        CreateCollectionReq.CollectionSchema.builder().enableDynamicField(false).build();
    schema.addField(AddFieldReq.builder().fieldName(ID).dataType(DataType.VarChar)
        .maxLength(MilvusRecords.ID_MAX_BYTES).isPrimaryKey(true).autoID(false).build());
    schema.addField(AddFieldReq.builder().fieldName(VECTOR).dataType(DataType.FloatVector).dimension(dimension)
        .build());
    schema.addField(AddFieldReq.builder().fieldName(TEXT).dataType(DataType.VarChar)
        .maxLength(MilvusRecords.VARCHAR_MAX_BYTES).build());
    schema.addField(AddFieldReq.builder().fieldName(RECORD).dataType(DataType.VarChar)
        .maxLength(MilvusRecords.VARCHAR_MAX_BYTES).build());
    schema.addField(AddFieldReq.builder().fieldName(EQ).dataType(DataType.Array).elementType(DataType.VarChar)
        .maxLength(MilvusRecords.TOKEN_MAX_BYTES).maxCapacity(MilvusRecords.MAX_TOKENS).build());
    schema.addField(AddFieldReq.builder().fieldName(MIN).dataType(DataType.JSON).build());
    schema.addField(AddFieldReq.builder().fieldName(MAX).dataType(DataType.JSON).build());
    return schema;
  }

  private static CreateCollectionReq.FieldSchema field(String collection, CreateCollectionReq.CollectionSchema schema,
      String name, DataType type, DataType elementType) {
    CreateCollectionReq.FieldSchema field = schema == null ? null : schema.getField(name);
    if (field == null || field.getDataType() != type
        || (elementType != null && field.getElementType() != elementType)) {
      throw notQuarry(collection, "it has no " + (elementType == null ? type : type + " of " + elementType)
          + " field '" + name + "'" + (field == null ? "" : " (it is a " + field.getDataType() + ")"));
    }
    return field;
  }

  private static int maxLength(CreateCollectionReq.FieldSchema field) {
    return field.getMaxLength() == null ? MilvusRecords.VARCHAR_MAX_BYTES : field.getMaxLength();
  }

  private static IllegalArgumentException notQuarry(String collection, String why) {
    return new IllegalArgumentException("Milvus collection '" + collection + "' is not one a Quarry store wrote: "
        + why + " (Quarry's collections have the fields " + ID + ", " + VECTOR + ", " + TEXT + ", " + RECORD + ", " + EQ
        + ", " + MIN + " and " + MAX + ")");
  }
}
