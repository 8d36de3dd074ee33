package io.hashstream.trainer.bank;

import java.util.ArrayList;
import java.util.List;

/** CSV fields: one line split into fields, a value quoted; RFC 4180 quoting within a line. Stateless. */
public final class CsvFields {
  private CsvFields() {}

  /**
   * The fields of {@code line}.
   *
   * @throws IllegalArgumentException for a quote that does not close, or text after a closing quote
   */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (true) {
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) {
            throw new IllegalArgumentException("a quoted field does not close");
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
        }
      } else {
        while (i < line.length() && line.charAt(i) != ',') {
          field.append(line.charAt(i++));
        }
      }
      fields.add(field.toString());
      field.setLength(0);
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }

  /** {@code value} as a CSV field: quoted if it holds a comma, a quote or a line break. */
  public static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
