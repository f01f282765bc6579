package nl.sluis.conformance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What was installed, per package: the content hash of the package as it was loaded, in one small table of
 * our own ({@code SLUIS_CONFORMANCE_PACKAGE}, created if missing; plain SQL that H2 and PostgreSQL share).
 * Kept apart from HAPI's tables so that HAPI upgrades and its schema migrator never touch it.
 */
final class InstalledPackages {

  private final JdbcTemplate jdbc;

  InstalledPackages(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE IF NOT EXISTS SLUIS_CONFORMANCE_PACKAGE ("
        + "PACKAGE_NAME VARCHAR(200) NOT NULL PRIMARY KEY, "
        + "PACKAGE_VERSION VARCHAR(50) NOT NULL, "
        + "CONTENT_HASH VARCHAR(64) NOT NULL, "
        + "INSTALLED_AT TIMESTAMP NOT NULL)");
  }

  Optional<String> installedHash(String packageName) {
    List<String> hashes = jdbc.queryForList(
        "SELECT CONTENT_HASH FROM SLUIS_CONFORMANCE_PACKAGE WHERE PACKAGE_NAME = ?", String.class, packageName);
    return hashes.stream().findFirst();
  }

  void recordInstalled(ConformancePackage pkg) {
    Timestamp now = Timestamp.from(Instant.now());
    int updated = jdbc.update(
        "UPDATE SLUIS_CONFORMANCE_PACKAGE SET PACKAGE_VERSION = ?, CONTENT_HASH = ?, INSTALLED_AT = ? WHERE PACKAGE_NAME = ?",
        pkg.version(), pkg.contentHash(), now, pkg.name());
    if (updated == 0) {
      jdbc.update("INSERT INTO SLUIS_CONFORMANCE_PACKAGE (PACKAGE_NAME, PACKAGE_VERSION, CONTENT_HASH, INSTALLED_AT) "
          + "VALUES (?, ?, ?, ?)", pkg.name(), pkg.version(), pkg.contentHash(), now);
    }
  }

  /** Whether any resource (also a deleted one) of these types is stored: HAPI's resource table. */
  boolean storesAnyOf(List<String> resourceTypes) {
    String marks = String.join(", ", java.util.Collections.nCopies(resourceTypes.size(), "?"));
    return !jdbc.queryForList("SELECT 1 FROM HFJ_RESOURCE WHERE RES_TYPE IN (" + marks + ") FETCH FIRST 1 ROWS ONLY",
        Integer.class, resourceTypes.toArray()).isEmpty();
  }
}
