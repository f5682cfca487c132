package dev.quarry.embeddings;

/** Where ONNX Runtime runs the model. */
public enum ExecutionProvider {
  /** CUDA when the GPU build of ONNX Runtime ({@code onnxruntime_gpu}) and a GPU are present, else CPU. */
  AUTO,
  /** Always the CPU. */
  CPU,
  /** Always CUDA; building the model fails with a clear message if CUDA cannot be used. */
  CUDA
}
