package io.losseval.core;

import java.util.List;

/**
 * One option of a loss: its PyTorch name, its type, its default and what it means.
 *
 * @param name PyTorch's parameter name ({@code label_smoothing})
 * @param type the value's type
 * @param defaultValue the default, rendered as in an option string ({@code "-100"}, {@code "none"} for an
 *     absent tensor)
 * @param choices the allowed values of a {@link Type#CHOICE} option, else empty
 * @param description one line for {@code list} and the docs
 */
public record OptionSpec(
    String name, Type type, String defaultValue, List<String> choices, String description) {

  /** The value types of options. */
  public enum Type {
    /** A floating-point number ({@code 0.1}, {@code 1e-6}). */
    NUMBER,
    /** A whole number ({@code -100}). */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A list of numbers in brackets ({@code [1.0,2.0,0.5]}), or {@code none}. */
    NUMBER_LIST,
    /** One of a fixed set of words. */
    CHOICE
  }

  static OptionSpec number(String name, double defaultValue, String description) {
    return new OptionSpec(name, Type.NUMBER, Double.toString(defaultValue), List.of(), description);
  }

  static OptionSpec integer(String name, long defaultValue, String description) {
    return new OptionSpec(name, Type.INTEGER, Long.toString(defaultValue), List.of(), description);
  }

  static OptionSpec bool(String name, boolean defaultValue, String description) {
    return new OptionSpec(name, Type.BOOLEAN, Boolean.toString(defaultValue), List.of(), description);
  }

  static OptionSpec numbers(String name, String description) {
    return new OptionSpec(name, Type.NUMBER_LIST, "none", List.of(), description);
  }

  static OptionSpec choice(String name, String defaultValue, List<String> choices, String description) {
    return new OptionSpec(name, Type.CHOICE, defaultValue, List.copyOf(choices), description);
  }

  /** What a value of this option looks like, for error messages. */
  String expectedForm() {
    switch (type) {
      case NUMBER:
        return "a number";
      case INTEGER:
        return "a whole number";
      case BOOLEAN:
        return "true or false";
      case NUMBER_LIST:
        return "a list of numbers like [1.0,2.0] or none";
      default:
        return "one of " + String.join(", ", choices);
    }
  }
}
