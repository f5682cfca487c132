/** Quarry's contracts. Depends on the JDK only. */
module dev.quarry.api {
  exports dev.quarry.api;
  exports dev.quarry.api.chat;
  exports dev.quarry.api.document;
  exports dev.quarry.api.embedding;
  exports dev.quarry.api.retrieval;
  exports dev.quarry.api.store;
  exports dev.quarry.api.tokenizer;
}
