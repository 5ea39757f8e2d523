package io.shotsync.cli.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain text table with left-aligned columns, sized to its content. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  /** A table with these column titles. */
  public Table(String... header) {
    this.header = List.of(header);
    this.rightAligned = new boolean[header.length];
  }

  /** Aligns the given columns to the right (numbers). */
  public Table right(int... columns) {
    for (int c : columns) {
      rightAligned[c] = true;
    }
    return this;
  }

  /** Adds a row; missing cells are blank. */
  public Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      r.add(i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "");
    }
    rows.add(r);
    return this;
  }

  /** True when no row was added. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, with a trailing newline. */
  public String render() {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, header, width);
    for (List<String> r : rows) {
      line(b, r, width);
    }
    return b.toString();
  }

  private void line(StringBuilder b, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      String pad = " ".repeat(width[i] - c.length());
      if (i > 0) {
        l.append("  ");
      }
      l.append(rightAligned[i] ? pad + c : c + (i == cells.size() - 1 ? "" : pad));
    }
    b.append(l.toString().stripTrailing()).append('\n');
  }
}
