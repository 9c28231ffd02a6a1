package io.losseval.jobs;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the console: a header, a rule, and one line per row, each column as wide as
 * its widest cell; columns whose every cell is a number are right-aligned.
 */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public TextTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** Adds a row (null cells print as {@code null}). */
  public TextTable add(List<?> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
    }
    List<String> row = new ArrayList<>(cells.size());
    for (Object c : cells) {
      row.add(String.valueOf(c));
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** Prints the table. */
  public void print(PrintWriter out) {
    int n = header.size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    for (int c = 0; c < n; c++) {
      width[c] = header.get(c).length();
      numeric[c] = !rows.isEmpty();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
        numeric[c] &= isNumber(row.get(c));
      }
    }
    out.println(line(header, width, numeric));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < n; c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
    }
    out.println(rule);
    for (List<String> row : rows) {
      out.println(line(row, width, numeric));
    }
    out.flush();
  }

  private static String line(List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      b.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + (c == cells.size() - 1 ? "" : pad));
    }
    return b.toString();
  }

  private static boolean isNumber(String s) {
    if (s.equals("null") || s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
      return true;
    }
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
