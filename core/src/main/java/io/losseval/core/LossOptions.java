package io.losseval.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validated options of one loss: PyTorch's parameter names with typed values, defaults filled in.
 *
 * <p>The text form is the one the SQL functions take, e.g. {@code "reduction=sum, label_smoothing=0.1,
 * weight=[1.0,2.0,0.5], ignore_index=-100"}: {@code key=value} entries separated by commas; numbers;
 * {@code true}/{@code false}; lists in brackets; words for choices ({@code distance=cosine}); {@code
 * none} for an absent tensor. Besides the loss's own options every loss takes {@code reduction} and
 * {@code on_null=skip|error} (see {@link NullPolicy}). Keys are PyTorch's names, in any case. An unknown key, a repeated key, a
 * malformed entry or a value of the wrong type throws {@link LossArgumentException} naming the valid
 * keys or the expected form. Domain rules (a negative {@code eps}, {@code p <= 0}) are checked by the
 * loss that takes the option.
 *
 * <p>Immutable and thread-safe.
 */
public final class LossOptions {
  /** The option every loss takes besides {@code reduction}: what a null input does. */
  public static final String ON_NULL = "on_null";

  private final LossSpec spec;
  private final Reduction reduction;
  private final NullPolicy nullPolicy;
  private final Map<String, Object> values;

  private LossOptions(
      LossSpec spec, Reduction reduction, NullPolicy nullPolicy, Map<String, Object> values) {
    this.spec = spec;
    this.reduction = reduction;
    this.nullPolicy = nullPolicy;
    this.values = values;
  }

  /** Parses an option string for {@code spec}; null or blank means every default. */
  public static LossOptions parse(LossSpec spec, String text) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (text != null && !text.isBlank()) {
      for (String entry : splitEntries(spec.name(), text)) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
          throw LossArgumentException.of(
              spec.name(), "options", "entry is malformed", "key=value", "'" + entry + "'");
        }
        String key = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = entry.substring(eq + 1).trim();
        if (key.isEmpty() || value.isEmpty()) {
          throw LossArgumentException.of(
              spec.name(), "options", "entry is malformed", "key=value", "'" + entry + "'");
        }
        if (raw.put(key, value) != null) {
          throw LossArgumentException.of(
              spec.name(), "option " + key, "is given twice", "each option at most once", text);
        }
      }
    }
    return fromText(spec, raw);
  }

  /** A builder for Java callers: {@code LossOptions.builder(spec).set("label_smoothing", 0.1)}. */
  public static Builder builder(LossSpec spec) {
    return new Builder(spec);
  }

  private static LossOptions fromText(LossSpec spec, Map<String, String> raw) {
    Reduction reduction = spec.reductions().get(0);
    NullPolicy nullPolicy = NullPolicy.SKIP;
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      values.put(o.name(), convert(spec, o, o.defaultValue()));
    }
    for (Map.Entry<String, String> e : raw.entrySet()) {
      String key = e.getKey();
      if (key.equals("reduction")) {
        reduction = parseReduction(spec, e.getValue());
        continue;
      }
      if (key.equals(ON_NULL)) {
        nullPolicy = NullPolicy.fromOptionValue(e.getValue());
        if (nullPolicy == null) {
          throw LossArgumentException.of(
              spec.name(), "option " + ON_NULL, "has a value of the wrong form", "skip or error",
              e.getValue());
        }
        continue;
      }
      OptionSpec o = spec.option(key);
      if (o == null) {
        throw LossArgumentException.of(
            spec.name(), "option " + key, "is unknown", "one of " + validKeys(spec), key);
      }
      values.put(key, convert(spec, o, e.getValue()));
    }
    return new LossOptions(spec, reduction, nullPolicy, values);
  }

  private static Reduction parseReduction(LossSpec spec, String value) {
    Reduction r = Reduction.fromTorchName(value);
    if (r == null || !spec.reductions().contains(r)) {
      List<String> names = new ArrayList<>();
      for (Reduction ok : spec.reductions()) {
        names.add(ok.torchName());
      }
      throw LossArgumentException.of(
          spec.name(), "reduction", "is not supported", "one of " + String.join(", ", names), value);
    }
    return r;
  }

  private static String validKeys(LossSpec spec) {
    List<String> keys = new ArrayList<>();
    keys.add("reduction");
    for (OptionSpec o : spec.options()) {
      keys.add(o.name());
    }
    keys.add(ON_NULL);
    return String.join(", ", keys);
  }

  private static List<String> splitEntries(String loss, String text) {
    List<String> entries = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
        if (depth < 0) {
          throw LossArgumentException.of(
              loss, "options", "have unbalanced brackets", "each ']' after its '['", text);
        }
      } else if (c == ',' && depth == 0) {
        entries.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw LossArgumentException.of(
          loss, "options", "have unbalanced brackets", "each '[' closed by ']'", text);
    }
    entries.add(text.substring(start).trim());
    for (String e : entries) {
      if (e.isEmpty()) {
        throw LossArgumentException.of(
            loss, "options", "have an empty entry", "key=value entries separated by commas", text);
      }
    }
    return entries;
  }

  private static Object convert(LossSpec spec, OptionSpec o, String text) {
    String v = text.trim();
    try {
      switch (o.type()) {
        case NUMBER:
          return parseNumber(v);
        case INTEGER:
          return Long.parseLong(v);
        case BOOLEAN:
          if (v.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
          }
          if (v.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
          }
          throw new NumberFormatException(v);
        case NUMBER_LIST:
          return parseList(v);
        default:
          String word = v.toLowerCase(Locale.ROOT);
          if (!o.choices().contains(word)) {
            throw new NumberFormatException(v);
          }
          return word;
      }
    } catch (NumberFormatException e) {
      throw LossArgumentException.of(
          spec.name(), "option " + o.name(), "has a value of the wrong form", o.expectedForm(), v);
    }
  }

  private static double parseNumber(String v) {
    if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new NumberFormatException(v);
    }
    return Double.parseDouble(v);
  }

  private static double[] parseList(String v) {
    if (v.equalsIgnoreCase("none")) {
      return null;
    }
    if (!v.startsWith("[") || !v.endsWith("]")) {
      throw new NumberFormatException(v);
    }
    String body = v.substring(1, v.length() - 1).trim();
    if (body.isEmpty()) {
      return new double[0];
    }
    String[] parts = body.split(",", -1);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parseNumber(parts[i].trim());
    }
    return out;
  }

  /** The spec these options belong to. */
  public LossSpec spec() {
    return spec;
  }

  public Reduction reduction() {
    return reduction;
  }

  /** What a row with a null input does ({@code on_null=skip|error}); see {@link NullPolicy}. */
  public NullPolicy nullPolicy() {
    return nullPolicy;
  }

  /** These options with another reduction (the per-row functions use {@code none}). */
  public LossOptions withReduction(Reduction other) {
    if (!spec.reductions().contains(other)) {
      throw new IllegalArgumentException(spec.name() + " does not take reduction " + other.torchName());
    }
    return new LossOptions(spec, other, nullPolicy, values);
  }

  public double getDouble(String name) {
    return (Double) get(name);
  }

  public long getLong(String name) {
    return (Long) get(name);
  }

  public boolean getBoolean(String name) {
    return (Boolean) get(name);
  }

  /** A list option's numbers (a copy), or null when absent ({@code none}). */
  public double[] getDoubles(String name) {
    double[] v = (double[]) get(name);
    return v == null ? null : v.clone();
  }

  public String getChoice(String name) {
    return (String) get(name);
  }

  private Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException(spec.name() + " has no option " + name);
    }
    return values.get(name);
  }

  /**
   * The canonical text form: {@code reduction} first, then every option in the spec's order, then
   * {@code on_null} when it is not the default.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("reduction=").append(reduction.torchName());
    for (Map.Entry<String, Object> e : values.entrySet()) {
      sb.append(", ").append(e.getKey()).append('=').append(render(e.getValue()));
    }
    if (nullPolicy != NullPolicy.SKIP) {
      sb.append(", ").append(ON_NULL).append('=').append(nullPolicy.optionValue());
    }
    return sb.toString();
  }

  /**
   * The options that differ from the defaults, in the canonical form ({@code reduction} only when it is
   * not the default); empty when every option is the default. This is what a SQL call needs to say.
   */
  public String toNonDefaultString() {
    List<String> parts = new ArrayList<>();
    if (reduction != spec.reductions().get(0)) {
      parts.add("reduction=" + reduction.torchName());
    }
    for (OptionSpec o : spec.options()) {
      String v = render(values.get(o.name()));
      if (!v.equals(render(convert(spec, o, o.defaultValue())))) {
        parts.add(o.name() + "=" + v);
      }
    }
    if (nullPolicy != NullPolicy.SKIP) {
      parts.add(ON_NULL + "=" + nullPolicy.optionValue());
    }
    return String.join(", ", parts);
  }

  private static String render(Object v) {
    if (v == null) {
      return "none";
    }
    if (v instanceof double[]) {
      return Arrays.toString((double[]) v).replace(" ", "");
    }
    return v.toString();
  }

  /** Builds options from Java values, validated exactly as the text form is. */
  public static final class Builder {
    private final LossSpec spec;
    private final Map<String, String> raw = new LinkedHashMap<>();

    private Builder(LossSpec spec) {
      this.spec = spec;
    }

    public Builder reduction(Reduction reduction) {
      raw.put("reduction", reduction.torchName());
      return this;
    }

    public Builder nullPolicy(NullPolicy policy) {
      raw.put(ON_NULL, policy.optionValue());
      return this;
    }

    /** Sets an option: a number, a whole number, a boolean, a {@code double[]} or a word. */
    public Builder set(String name, Object value) {
      raw.put(name.toLowerCase(Locale.ROOT), render(value));
      return this;
    }

    public LossOptions build() {
      return fromText(spec, raw);
    }
  }
}
