package io.hashstream.lookup.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a {@code multipart/form-data} body (RFC 7578), what HMA clients POST files as.
 * Only what a file upload needs: each part's field name, file name and bytes. Stateless.
 */
final class MultipartForm {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"");

  /**
   * One part.
   *
   * @param name its field name
   * @param fileName its file name, or null for a plain field
   * @param bytes its content
   */
  record Part(String name, String fileName, byte[] bytes) {}

  private MultipartForm() {}

  /**
   * Splits {@code body}.
   *
   * @param contentType the request's {@code Content-Type}
   * @throws IllegalArgumentException if it is not {@code multipart/form-data} with a boundary, or
   *     the body is not made of parts
   */
  static List<Part> parse(String contentType, byte[] body) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException("Missing multipart/form-data file upload");
    }
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw new IllegalArgumentException("multipart/form-data without a boundary");
    }
    byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("the body has no part");
    }
    while (true) {
      int afterDelimiter = at + delimiter.length;
      if (afterDelimiter + 1 < body.length && body[afterDelimiter] == '-'
          && body[afterDelimiter + 1] == '-') {
        return parts; // the closing delimiter
      }
      int headersStart = afterDelimiter + 2; // CRLF
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      int next = indexOf(body, delimiter, headersStart);
      if (headersEnd < 0 || next < 0 || headersEnd > next) {
        throw new IllegalArgumentException("a part is cut short");
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      String disposition = headers.lines()
          .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("a part has no Content-Disposition"));
      Matcher name = NAME.matcher(disposition);
      Matcher file = FILE_NAME.matcher(disposition);
      int contentEnd = next - 2; // the CRLF before the delimiter
      parts.add(new Part(name.find() ? name.group(1) : "", file.find() ? file.group(1) : null,
          Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, contentEnd))));
      at = next;
    }
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(from, 0); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
