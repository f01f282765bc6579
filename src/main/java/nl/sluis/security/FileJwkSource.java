package nl.sluis.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import org.springframework.core.io.Resource;

/**
 * A JWKS read from a file, re-read when the file changes (checked at most once per second), so that a
 * rotated key is picked up, and a withdrawn one dropped, without a restart. A classpath resource inside
 * a jar has no modification time and is read once. Every read passes {@link DevKeyRefusal}: the first
 * one fails start-up if the file holds the dev key outside the dev profile, later ones drop it.
 */
final class FileJwkSource implements JWKSource<SecurityContext> {

  private static final long MIN_RELOAD_INTERVAL_NANOS = 1_000_000_000L;
  private final Resource file;
  private final DevKeyRefusal devKey;
  private volatile JWKSet keys;
  private volatile long loadedAt;
  private volatile long fileModified;

  FileJwkSource(Resource file, DevKeyRefusal devKey) {
    this.file = file;
    this.devKey = devKey;
    this.fileModified = lastModified();
    this.keys = devKey.refuseAtStart(load(), file.getDescription());
    this.loadedAt = System.nanoTime();
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    if (System.nanoTime() - loadedAt > MIN_RELOAD_INTERVAL_NANOS) {
      reloadIfChanged();
    }
    return selector.select(keys);
  }

  /** Re-reads the file when it changed (a removed key stops working, a new one starts). */
  private synchronized void reloadIfChanged() {
    if (System.nanoTime() - loadedAt <= MIN_RELOAD_INTERVAL_NANOS) {
      return;
    }
    loadedAt = System.nanoTime();
    long modified = lastModified();
    if (modified == fileModified && modified != 0) {
      return;
    }
    try {
      keys = devKey.withoutDevKey(load(), file.getDescription());
      fileModified = modified;
    } catch (IllegalStateException halfWrittenFile) {
      // keep the keys we have: a file being replaced must not lock everyone out
    }
  }

  private long lastModified() {
    try {
      return file.isFile() ? file.lastModified() : 0;
    } catch (IOException notAFile) {
      return 0;
    }
  }

  JWKSet keys() {
    return keys;
  }

  private JWKSet load() {
    try (InputStream in = file.getInputStream()) {
      return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("Cannot read the JWKS file " + file.getDescription(), e);
    }
  }
}
