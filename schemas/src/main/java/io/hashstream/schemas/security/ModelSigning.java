package io.hashstream.schemas.security;

import io.hashstream.schemas.ModelUpdate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Signed model updates: the trainer signs a {@link ModelUpdate} with an Ed25519 private key, the
 * job verifies it with the public keys it trusts, so that only models someone with the key chose
 * are ever loaded. Ed25519 is the JDK's own ({@code java.security}, Java 15+); keys are PEM files,
 * PKCS#8 for private and X.509 for public keys, the same as {@code openssl genpkey -algorithm
 * ed25519} and {@code openssl pkey -pubout} write.
 *
 * <p><b>What is signed</b> ({@link #signedBytes}): a domain tag and the update's version, bits,
 * encoder id, embedding size, artifact URI, artifact sha256 (lower case), creation time, stage and
 * {@code rollbackOf}, each length-prefixed (so no two updates share a signed form). Metrics and
 * {@code createdBy} are informational and not signed. The {@code signingKeyId} names the key ({@link
 * #keyId}: the first 16 hex digits of the sha256 of the public key's X.509 encoding), so that a job
 * may trust several keys at once while one replaces another.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelSigning {
  /** Signature and key algorithm. */
  public static final String ALGORITHM = "Ed25519";

  private static final String DOMAIN = "hashstream model update v1";

  private ModelSigning() {}

  /** The outcome of a verification, with what the publisher can fix when it failed. */
  public record Verification(boolean valid, String problem) {
    static Verification ok() {
      return new Verification(true, null);
    }

    static Verification failed(String problem) {
      return new Verification(false, problem);
    }
  }

  /** A new Ed25519 key pair. */
  public static KeyPair generateKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or newer has)", e);
    }
  }

  /**
   * The update with {@code signingKeyId} and {@code signature} set.
   *
   * @param update the update to sign (not modified)
   * @param key the private key
   * @param publicKey its public key (names the key in the update)
   * @return a signed copy
   */
  public static ModelUpdate sign(ModelUpdate update, PrivateKey key, PublicKey publicKey) {
    ModelUpdate unsigned = ModelUpdate.newBuilder(update).setSigningKeyId(keyId(publicKey)).setSignature(null).build();
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(signedBytes(unsigned));
      return ModelUpdate.newBuilder(unsigned).setSignature(ByteBuffer.wrap(signer.sign())).build();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with this key (an Ed25519 private key?): " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code update}'s signature against the trusted keys.
   *
   * @param trusted trusted public keys by {@link #keyId}
   * @return valid, or the problem in words a publisher can act on
   */
  public static Verification verify(ModelUpdate update, Map<String, PublicKey> trusted) {
    if (update.getSignature() == null || update.getSigningKeyId() == null) {
      return Verification.failed("the update is not signed: publish it with './hashstream publish"
          + " --signing-key FILE' (a key the job trusts in model.trusted-keys)");
    }
    PublicKey key = trusted.get(update.getSigningKeyId());
    if (key == null) {
      return Verification.failed("the update is signed by key " + update.getSigningKeyId()
          + ", which this job does not trust (model.trusted-keys holds "
          + (trusted.isEmpty() ? "no key" : String.join(", ", new java.util.TreeSet<>(trusted.keySet())))
          + ")");
    }
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(signedBytes(update));
      byte[] signature = new byte[update.getSignature().remaining()];
      update.getSignature().duplicate().get(signature);
      if (verifier.verify(signature)) {
        return Verification.ok();
      }
    } catch (GeneralSecurityException e) {
      // a malformed signature is a wrong one
    }
    return Verification.failed("the signature of key " + update.getSigningKeyId() + " does not match"
        + " the update (changed after signing, or signed with another key): sign it again");
  }

  /** What is signed: a domain tag and the update's identifying fields, each length-prefixed. */
  public static byte[] signedBytes(ModelUpdate u) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, DOMAIN);
    field(out, u.getVersion());
    field(out, Integer.toString(u.getBits()));
    field(out, u.getEncoderId());
    field(out, Integer.toString(u.getEmbeddingSize()));
    field(out, u.getArtifactUri());
    field(out, u.getArtifactSha256().toLowerCase(Locale.ROOT));
    field(out, u.getCreatedAt() == null ? "" : u.getCreatedAt().toString());
    field(out, u.getStage() == null ? "" : u.getStage().name());
    field(out, u.getRollbackOf() == null ? "\u0000" : u.getRollbackOf());
    field(out, u.getSigningKeyId() == null ? "" : u.getSigningKeyId());
    return out.toByteArray();
  }

  /** A key's id: the first 16 hex digits of the sha256 of its X.509 encoding. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a private key as PKCS#8 PEM, readable by its owner only where POSIX permissions exist. */
  public static void writePrivateKey(Path file, PrivateKey key) {
    writePem(file, "PRIVATE KEY", key.getEncoded(), true);
  }

  /** Writes a public key as X.509 PEM. */
  public static void writePublicKey(Path file, PublicKey key) {
    writePem(file, "PUBLIC KEY", key.getEncoded(), false);
  }

  /** Reads a PKCS#8 PEM Ed25519 private key. */
  public static PrivateKey readPrivateKey(Path file) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(readPem(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " is not an Ed25519 private key (PKCS#8 PEM): " + e.getMessage(), e);
    }
  }

  /** Reads an X.509 PEM Ed25519 public key. */
  public static PublicKey readPublicKey(Path file) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(file, "PUBLIC KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " is not an Ed25519 public key (X.509 PEM): " + e.getMessage(), e);
    }
  }

  /** The public key belonging to a private key, from its PKCS#8 encoding (Ed25519 keeps it). */
  public static Optional<PublicKey> publicKeyBeside(Path privateKeyFile) {
    Path beside = privateKeyFile.resolveSibling(privateKeyFile.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
    return Files.exists(beside) ? Optional.of(readPublicKey(beside)) : Optional.empty();
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static void writePem(Path file, String type, byte[] der, boolean secret) {
    String pem = "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
    try {
      Files.deleteIfExists(file);
      if (secret) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        }
      }
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static byte[] readPem(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(file + " holds no '" + begin + "' block");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the " + type + " block is not base64", e);
    }
  }
}
