package io.shotsync.core.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.shotsync.api.InvalidInputException;
import java.util.Map;

/** JSON text to and from plain maps and lists, with the Jackson core already uses. */
public final class JsonText {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private JsonText() {}

  /** Compact JSON of a value built from maps, lists, strings, numbers, booleans and nulls. */
  public static String write(Object value) {
    return write(MAPPER, value);
  }

  /** Indented JSON of such a value. */
  public static String writePretty(Object value) {
    return write(PRETTY, value);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A JSON object as a map.
   *
   * @throws InvalidInputException when the text is not a JSON object, saying where it broke
   */
  public static Map<String, Object> parse(String json) {
    try {
      Map<String, Object> m = MAPPER.readValue(json, MAP);
      if (m == null) {
        throw new InvalidInputException("malformed JSON: expected an object");
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr()));
    }
  }
}
