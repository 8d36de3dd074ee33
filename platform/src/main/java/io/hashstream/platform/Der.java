package io.hashstream.platform;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER (ASN.1 distinguished encoding) elements an X.509 certificate is made of, for {@link
 * CertificateAuthority}: enough to write a certificate the JDK parses and trusts, no more.
 * Stateless.
 */
final class Der {
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

  private Der() {}

  static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] utf8(String s) {
    return tlv(0x0C, s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] octets(byte[] content) {
    return tlv(0x04, content);
  }

  /** A BIT STRING of whole bytes (no unused bits). */
  static byte[] bits(byte[] content) {
    byte[] withPad = new byte[content.length + 1];
    System.arraycopy(content, 0, withPad, 1, content.length);
    return tlv(0x03, withPad);
  }

  static byte[] utcTime(ZonedDateTime t) {
    return tlv(0x17, UTC_TIME.format(t.withZoneSameInstant(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII));
  }

  /** An explicitly tagged, constructed context-specific element {@code [n]}. */
  static byte[] explicit(int n, byte[] content) {
    return tlv(0xA0 | n, content);
  }

  /** An implicitly tagged, primitive context-specific element {@code [n]} (GeneralName choices). */
  static byte[] implicit(int n, byte[] content) {
    return tlv(0x80 | n, content);
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = 1;
      for (long v = arc >>> 7; v > 0; v >>>= 7) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        int b = (int) ((arc >>> (7 * g)) & 0x7F);
        out.write(g > 0 ? b | 0x80 : b);
      }
    }
    return tlv(0x06, out.toByteArray());
  }

  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
