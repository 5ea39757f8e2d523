package io.shotsync.core.internal.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.core.Structure;
import io.shotsync.core.Structure.DepartmentNode;
import io.shotsync.core.Structure.ShotNode;
import io.shotsync.core.Structure.VersionNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Structure} as JSON and reads it back. Versions are written as their spelling ({@code v002}),
 * shots as {@code ep/seq/shot}, instants and durations in ISO-8601. The document carries {@code "format": 1}.
 */
public final class StructureJson {
  /** The format number written and understood. */
  public static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private StructureJson() {}

  /** The structure as compact JSON. */
  public static String write(Structure s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("endpointId", s.endpointId());
    root.put("scannedAt", s.scannedAt().toString());
    ArrayNode shots = root.putArray("shots");
    for (ShotNode shot : s.shots()) {
      ObjectNode sn = shots.addObject();
      sn.put("shot", shot.shot().path());
      ArrayNode depts = sn.putArray("departments");
      for (DepartmentNode d : shot.departments()) {
        ObjectNode dn = depts.addObject();
        dn.put("department", d.department().name());
        dn.put("path", d.path());
        ArrayNode versions = dn.putArray("versions");
        for (VersionNode v : d.versions()) {
          ObjectNode vn = versions.addObject();
          vn.put("version", v.version().text());
          vn.put("fileCount", v.fileCount());
          vn.put("bytes", v.bytes());
          putInstant(vn, "newest", v.newest());
          ArrayNode files = vn.putArray("files");
          for (RemoteEntry f : v.files()) {
            ObjectNode fn = files.addObject();
            fn.put("path", f.path());
            if (f.directory()) {
              fn.put("directory", true);
            }
            fn.put("size", f.size());
            putInstant(fn, "modified", f.modified());
            fn.put("precision", f.precision().toString());
          }
        }
      }
    }
    ArrayNode warnings = root.putArray("warnings");
    s.warnings().forEach(warnings::add);
    ArrayNode errors = root.putArray("errors");
    for (Structure.ListingError e : s.errors()) {
      errors.addObject().put("directory", e.directory()).put("line", e.line()).put("reason", e.reason())
          .put("message", e.message());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write structure JSON", e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws InvalidInputException when the text is no structure snapshot; the message says what is wrong
   */
  public static Structure read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed structure JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("malformed structure JSON: expected an object");
    }
    int format = root.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new InvalidInputException("structure JSON has format " + root.path("format") + "; this version reads " + FORMAT);
    }
    try {
      List<ShotNode> shots = new ArrayList<>();
      for (JsonNode sn : array(root, "shots")) {
        List<DepartmentNode> depts = new ArrayList<>();
        for (JsonNode dn : array(sn, "departments")) {
          List<VersionNode> versions = new ArrayList<>();
          for (JsonNode vn : array(dn, "versions")) {
            List<RemoteEntry> files = new ArrayList<>();
            for (JsonNode fn : array(vn, "files")) {
              files.add(new RemoteEntry(text(fn, "path"), fn.path("directory").asBoolean(false),
                  fn.path("size").asLong(), instant(fn, "modified"), Duration.parse(text(fn, "precision"))));
            }
            versions.add(new VersionNode(Version.parse(text(vn, "version")), vn.path("fileCount").asInt(),
                vn.path("bytes").asLong(), instant(vn, "newest"), files));
          }
          depts.add(new DepartmentNode(Department.of(text(dn, "department")), text(dn, "path"), versions));
        }
        shots.add(new ShotNode(ShotKey.parse(text(sn, "shot")), depts));
      }
      List<String> warnings = new ArrayList<>();
      for (JsonNode w : array(root, "warnings")) {
        warnings.add(w.asText());
      }
      List<Structure.ListingError> errors = new ArrayList<>();
      for (JsonNode e : array(root, "errors")) {
        errors.add(new Structure.ListingError(text(e, "directory"), text(e, "line"), text(e, "reason")));
      }
      return new Structure(text(root, "endpointId"), Instant.parse(text(root, "scannedAt")), shots, warnings, errors);
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidInputException("malformed time in structure JSON: '" + e.getParsedString() + "'");
    }
  }

  private static void putInstant(ObjectNode node, String field, @Nullable Instant value) {
    if (value != null) {
      node.put(field, value.toString());
    }
  }

  private static @Nullable Instant instant(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : Instant.parse(v.asText());
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new InvalidInputException("structure JSON lacks the string field " + field);
    }
    return v.asText();
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidInputException("structure JSON field " + field + " must be an array");
    }
    return v;
  }
}
