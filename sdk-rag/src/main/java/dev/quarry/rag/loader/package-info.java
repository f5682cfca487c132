/**
 * Document loaders: turn files into {@link dev.quarry.api.document.Document}s with source metadata.
 *
 * <p>{@link dev.quarry.rag.loader.TextLoader}, {@link dev.quarry.rag.loader.MarkdownLoader}, {@link
 * dev.quarry.rag.loader.HtmlLoader} and {@link dev.quarry.rag.loader.PdfLoader} each load one file; {@link
 * dev.quarry.rag.loader.DocumentLoaders#defaults()} picks among them by file name; {@link
 * dev.quarry.rag.loader.FolderLoader} walks a folder with include/exclude globs and reports, per file, what
 * could not be loaded while the other files carry on. Metadata keys are in {@link
 * dev.quarry.rag.loader.SourceMetadata}.
 */
package dev.quarry.rag.loader;
