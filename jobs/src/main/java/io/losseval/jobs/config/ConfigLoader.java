package io.losseval.jobs.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.losseval.jobs.JobFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a job config from YAML (with Jackson's YAML module, the same Jackson as Spark's) and applies
 * {@code --set key=value} overrides. Every error is a {@link JobFailure#badConfig} naming the file and
 * line (or the {@code --set} argument), the key, and what the key takes: an unknown key lists the valid
 * ones, a wrong type says the type expected.
 *
 * <p>Keys of {@code --set} are dotted paths with list indexes: {@code input.path}, {@code
 * losses[0].options}, {@code spark.spark.sql.shuffle.partitions} (the free-form maps {@code spark},
 * {@code input.options}, {@code columns.inputs} and {@code losses[i].arguments} take the rest of the path
 * as one key). Values are YAML: {@code --set losses[0].reduction=[mean,sum]}.
 */
public final class ConfigLoader {
  private static final Pattern SET_KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d+])*)");
  private static final Pattern FREE_FORM_MAP =
      Pattern.compile("/spark|/input/options|/columns/inputs|/losses/\\d+/arguments");

  private final YAMLMapper mapper;

  public ConfigLoader() {
    mapper = YAMLMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .build();
  }

  /** A config and where each of its keys came from. */
  public record Loaded(JobConfig config, ConfigLocations locations) {}

  /** Reads {@code file} and applies the {@code key=value} overrides in order. */
  public Loaded load(Path file, List<String> overrides) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw JobFailure.badConfig("config file " + file + " does not exist: give the path of a YAML"
          + " config such as conf/evaluate.yaml");
    } catch (IOException e) {
      throw JobFailure.badConfig("config file " + file + " cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text, overrides);
  }

  /** Parses config {@code text} named {@code fileName} in messages. */
  public Loaded parse(String fileName, String text, List<String> overrides) {
    ConfigLocations locations;
    JsonNode tree;
    try (JsonParser scan = mapper.createParser(text)) {
      locations = ConfigLocations.scan(fileName, scan);
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw JobFailure.badConfig(fileName + (line > 0 ? ":" + line : "") + ": not valid YAML: "
          + e.getOriginalMessage().strip().replaceAll("\\s*\\n\\s*", " "), e); // one line
    } catch (IOException e) {
      throw JobFailure.badConfig(fileName + ": cannot be read: " + e.getMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      tree = JsonNodeFactory.instance.objectNode();
    }
    if (!tree.isObject()) {
      throw JobFailure.badConfig(fileName + ": a config is a YAML mapping of keys (input, columns,"
          + " losses, ...), found " + tree.getNodeType().toString().toLowerCase(Locale.ROOT));
    }
    for (String override : overrides) {
      apply((ObjectNode) tree, override, locations);
    }
    try {
      return new Loaded(mapper.treeToValue(tree, JobConfig.class), locations);
    } catch (UnrecognizedPropertyException e) {
      String pointer = ConfigLocations.pointer(e.getPath());
      List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
          .collect(Collectors.toList());
      throw JobFailure.badConfig(
          locations.error(pointer, "is unknown: the keys here are " + String.join(", ", known)), e);
    } catch (InvalidFormatException e) {
      String pointer = ConfigLocations.pointer(e.getPath());
      throw JobFailure.badConfig(locations.error(pointer, "has a wrong value '" + e.getValue() + "': "
          + expected(e.getTargetType())), e);
    } catch (MismatchedInputException e) {
      List<JsonMappingException.Reference> path = e.getPath();
      Class<?> type = e.getTargetType();
      int last = path.size() - 1;
      if (last >= 0 && path.get(last).getFieldName() == null
          && !tree.at(ConfigLocations.pointer(path.subList(0, last))).isArray()) {
        // a list key holding a mapping: some Jackson versions name its first element, but the list is wrong
        path = path.subList(0, last);
        type = List.class;
      }
      throw JobFailure.badConfig(
          locations.error(ConfigLocations.pointer(path), "has the wrong type: " + expected(type)), e);
    } catch (JsonMappingException e) {
      String pointer = ConfigLocations.pointer(e.getPath());
      throw JobFailure.badConfig(locations.error(pointer, "is wrong: " + e.getOriginalMessage()), e);
    } catch (JsonProcessingException e) {
      throw JobFailure.badConfig(fileName + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "see conf/evaluate.yaml for the form";
    }
    if (type.isEnum()) {
      return "expected one of " + Arrays.stream(type.getEnumConstants())
          .map(c -> c.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
    if (type == String.class) {
      return "expected a single value (text or number)";
    }
    if (List.class.isAssignableFrom(type)) {
      return "expected a list ([a, b] or one '- item' per line)";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "expected a mapping of keys to values";
    }
    if (type.isRecord()) {
      return "expected a mapping of keys (" + Arrays.stream(type.getRecordComponents())
          .map(c -> {
            com.fasterxml.jackson.annotation.JsonProperty p =
                c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p != null ? p.value() : c.getName();
          })
          .collect(Collectors.joining(", ")) + ")";
    }
    return "expected a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** Applies one {@code key=value} override to {@code root}. */
  private void apply(ObjectNode root, String override, ConfigLocations locations) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw JobFailure.badConfig("--set " + override + ": expected key=value, such as --set"
          + " input.path=sample-data/regression.parquet");
    }
    String key = override.substring(0, eq).trim();
    JsonNode value = parseValue(override.substring(eq + 1));
    List<Object> path = new ArrayList<>();
    StringBuilder pointer = new StringBuilder();
    String[] parts = key.split("\\.", -1);
    for (int i = 0; i < parts.length; i++) {
      if (FREE_FORM_MAP.matcher(pointer).matches()) {
        String rest = String.join(".", Arrays.copyOfRange(parts, i, parts.length));
        path.add(rest);
        pointer.append('/').append(rest);
        break;
      }
      Matcher m = SET_KEY.matcher(parts[i]);
      if (!m.matches()) {
        throw JobFailure.badConfig("--set " + override + ": '" + key + "' is not a key path: expected"
            + " names joined by dots, with [index] for list items (losses[0].options)");
      }
      path.add(m.group(1));
      pointer.append('/').append(m.group(1));
      Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
      while (idx.find()) {
        path.add(Integer.parseInt(idx.group(1)));
        pointer.append('/').append(idx.group(1));
      }
    }
    JsonNode node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      Object step = path.get(i);
      Object next = path.get(i + 1);
      JsonNode child = step instanceof Integer ? node.path((Integer) step) : node.get((String) step);
      if (child == null || child.isMissingNode() || child.isNull()) {
        if (step instanceof Integer) {
          throw JobFailure.badConfig("--set " + override + ": the list has no item " + step
              + " (items are numbered from 0; add items in the config file)");
        }
        child = next instanceof Integer
            ? ((ObjectNode) node).putArray((String) step)
            : ((ObjectNode) node).putObject((String) step);
      }
      if (next instanceof Integer ? !child.isArray() : !child.isObject()) {
        throw JobFailure.badConfig("--set " + override + ": '" + key + "' goes through a value that is"
            + (child.isArray() ? " a list (use [index])" : " not a mapping"));
      }
      node = child;
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer) {
      ArrayNode array = (ArrayNode) node;
      if ((Integer) last >= array.size()) {
        throw JobFailure.badConfig("--set " + override + ": the list has no item " + last
            + " (items are numbered from 0)");
      }
      array.set((Integer) last, value);
    } else {
      ((ObjectNode) node).set((String) last, value);
    }
    locations.override(pointer.toString(), override);
  }

  private JsonNode parseValue(String text) {
    try {
      JsonNode v = mapper.readTree(text);
      return v == null || v.isMissingNode() ? TextNode.valueOf(text) : v;
    } catch (JsonParseException e) {
      return TextNode.valueOf(text);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }
}
