package nl.sluis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.sluis.security.DevKey;

/**
 * The JWKS file the shared test server trusts: the development public key, in a writable file so
 * that a test can rotate keys while the server runs.
 */
public final class TestJwks {

  public static final Path FILE;

  static {
    try {
      FILE = Files.createTempFile("sluis-test-jwks", ".json");
      FILE.toFile().deleteOnExit();
      write(DevKey.load(DevKey.PUBLIC_JWKS).toString(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TestJwks() {}

  public static synchronized void write(String jwks) {
    try {
      Path temporary = Files.createTempFile(FILE.getParent(), "jwks", ".tmp");
      Files.writeString(temporary, jwks);
      Files.move(temporary, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
