package io.losseval.jobs.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a config came from: the line of the file, or a {@code --set} argument. Errors found
 * after parsing (a loss name that does not exist, a column the input lacks) cite it, so every config
 * error names the key and the line.
 */
public final class ConfigLocations {
  private final String file;
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, String> overrides = new HashMap<>();

  private ConfigLocations(String file) {
    this.file = file;
  }

  /** Records the line of every key and array element of the document {@code parser} reads. */
  static ConfigLocations scan(String file, JsonParser parser) throws IOException {
    ConfigLocations out = new ConfigLocations(file);
    while (parser.nextToken() != null) {
      JsonToken t = parser.currentToken();
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        continue;
      }
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        // the pointer of a container is its parent's; its own entries follow
        pointer = parser.getParsingContext().getParent() == null
            ? ""
            : parser.getParsingContext().getParent().pathAsPointer().toString();
      }
      out.lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
    }
    return out;
  }

  /** Marks the key at {@code pointer} (and below) as set by the argument {@code --set text}. */
  void override(String pointer, String text) {
    overrides.put(pointer, text);
  }

  /** The config file's name as given. */
  public String file() {
    return file;
  }

  /**
   * Where the key at JSON pointer {@code pointer} ({@code /losses/0/options}) came from: {@code
   * "conf/x.yaml:12"}, {@code "--set losses[0].options=..."}, or the nearest enclosing key's line.
   */
  public String where(String pointer) {
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      String set = overrides.get(p);
      if (set != null) {
        return "--set " + set; // a --set of this key or of one it is inside replaced the file's value
      }
      if (p.isEmpty()) {
        break;
      }
    }
    for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
      Integer line = lines.get(p);
      if (line != null) {
        return file + ":" + line;
      }
      if (p.isEmpty()) {
        return file;
      }
    }
  }

  /** {@code where(pointer) + ": key '" + display(pointer) + "' " + problem}. */
  public String error(String pointer, String problem) {
    return where(pointer) + ": key '" + display(pointer) + "' " + problem;
  }

  /** The JSON pointer of a Jackson error's path. */
  static String pointer(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      b.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
    }
    return b.toString();
  }

  /** A pointer as users write keys: {@code /losses/0/options} is {@code losses[0].options}. */
  public static String display(String pointer) {
    StringBuilder b = new StringBuilder();
    for (String part : pointer.substring(pointer.isEmpty() ? 0 : 1).split("/", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        b.append('[').append(part).append(']');
      } else {
        b.append(b.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return b.toString();
  }
}
