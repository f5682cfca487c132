package dev.quarry.examples.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /documents}: a multipart upload of one or more files (any part names), or {@code {"folder": "/path"}}
 * to ingest a folder on the server. Either way the answer is the ingest report.
 */
@RestController
class DocumentsController {
  private final DocumentService documents;

  DocumentsController(DocumentService documents) {
    this.documents = documents;
  }

  /**
   * The JSON body that names a server-side folder.
   *
   * @param folder an absolute path
   */
  record FolderRequest(@NotBlank(message = "folder must not be blank: send {\"folder\": \"/absolute/path\"}")
      String folder) {}

  @PostMapping(path = "/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  DocumentService.Report upload(MultipartHttpServletRequest request) {
    List<MultipartFile> files = request.getMultiFileMap().values().stream().flatMap(List::stream).toList();
    if (files.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "the upload holds no file: send each file as a multipart part with a file name, e.g."
              + " curl -F file=@notes.md http://localhost:8080/documents");
    }
    return documents.ingest(files);
  }

  @PostMapping(path = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
  DocumentService.Report folder(@Valid @RequestBody FolderRequest request) {
    return documents.ingest(request.folder());
  }
}
