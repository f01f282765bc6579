package org.hl7.fhir.utilities;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.exceptions.FHIRException;

/**
 * <b>Sluis replaces this class of {@code org.hl7.fhir.utilities} 6.7.9</b> (the HL7 validator's utilities, which HAPI
 * FHIR 8.8 uses): same package, name, API and behaviour, but the OID registry ({@code oidregistry.csv} in that jar,
 * 1.5 MB, ≈ 21,000 OIDs) is read once per class loader instead of once per instance. The validator makes a new
 * instance in every {@code InstanceValidator}, and HAPI makes a new {@code InstanceValidator} for every validation,
 * so every validated write parsed the whole registry again: a fifth of the server's CPU for a submitted assessment
 * (docs/benchmarks.md, issue 17). Sluis's own classes come before the libraries on every class path it runs from
 * (the jar's {@code BOOT-INF/classes}, Maven's test class path), so this definition is the one loaded.
 *
 * <p>{@code OIDUtilitiesReplacementTest} loads the library's own class from its jar and checks that both answer
 * alike (every public method, every OID in the registry) and that the library still has exactly this API; it fails
 * when a new library version changes either — then compare again, or delete this file if the library reads the
 * registry once itself.
 */
public class OIDUtilities {

  /** One row of the OID registry (as in the library; Sluis's copy keeps only the OIDs themselves). */
  public static class OIDInfo {
    private String oid;
    private String name;
    private String codeSystem;
    private Integer type;

    public String getOid() {
      return oid;
    }

    public void setOid(String oid) {
      this.oid = oid;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getCodeSystem() {
      return codeSystem;
    }

    public void setCodeSystem(String codeSystem) {
      this.codeSystem = codeSystem;
    }

    public Integer getType() {
      return type;
    }

    public void setType(Integer type) {
      this.type = type;
    }

    @Override
    public String toString() {
      return "OID: " + oid + ", Name: " + name + ", CodeSystem: " + codeSystem + ", Type: " + type;
    }
  }

  private static final String REGISTRY = "oidregistry.csv";
  /** The code systems the library names by OID (its table, as of 6.7.9). */
  private static final Map<String, String> URIS = Map.ofEntries(
      Map.entry("2.16.840.1.113883.6.96", "http://snomed.info/sct"),
      Map.entry("2.16.840.1.113883.6.1", "http://loinc.org"),
      Map.entry("2.16.840.1.113883.6.8", "http://unitsofmeasure.org"),
      Map.entry("2.16.840.1.113883.6.3", "http://hl7.org/fhir/sid/icd-10"),
      Map.entry("2.16.840.1.113883.6.42", "http://hl7.org/fhir/sid/icd-9"),
      Map.entry("2.16.840.1.113883.6.104", "http://hl7.org/fhir/sid/icd-9"),
      Map.entry("2.16.840.1.113883.6.103", "http://hl7.org/fhir/sid/icd-9"),
      Map.entry("2.16.840.1.113883.6.73", "http://www.whocc.no/atc"),
      Map.entry("2.16.840.1.113883.3.26.1.1", "http://ncimeta.nci.nih.gov"),
      Map.entry("2.16.840.1.113883.3.26.1.1.1", "http://ncimeta.nci.nih.gov"),
      Map.entry("2.16.840.1.113883.6.88", "http://www.nlm.nih.gov/research/umls/rxnorm"),
      Map.entry("2.16.840.1.113883.6.59", "http://hl7.org/fhir/sid/cvx"),
      Map.entry("2.16.840.1.113883.12.292", "http://hl7.org/fhir/sid/cvx"),
      Map.entry("2.16.840.1.113883.6.12", "http://www.ama-assn.org/go/cpt"));

  /** The registry's OIDs, read by the first instance (null until then, or after a failed read). */
  private static volatile Set<String> known;

  private final Set<String> oids;

  /** @throws FHIRException when the registry cannot be read (as the library's constructor) */
  public OIDUtilities() {
    this.oids = knownOids();
  }

  private static Set<String> knownOids() {
    Set<String> loaded = known;
    if (loaded == null) {
      synchronized (OIDUtilities.class) {
        loaded = known;
        if (loaded == null) {
          loaded = read();
          known = loaded;
        }
      }
    }
    return loaded;
  }

  /** As the library reads it: after the header, every line with at least 4 fields; a type must be an integer. */
  private static Set<String> read() {
    try (InputStream in = OIDUtilities.class.getClassLoader().getResourceAsStream(REGISTRY);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in))) {
      Set<String> oids = new HashSet<>();
      String line = reader.readLine(); // the header
      while (line != null && (line = reader.readLine()) != null) {
        String[] fields = line.split(",");
        if (fields.length >= 4) {
          Integer.parseInt(fields[1].trim());
          oids.add(fields[0].trim());
        }
      }
      return Set.copyOf(oids);
    } catch (Exception e) {
      throw new FHIRException(e);
    }
  }

  public static String getUriForOid(String r) {
    return r == null ? null : URIS.get(r);
  }

  public static String oidTail(String id) {
    return id == null || !id.contains(".") ? id : id.substring(id.lastIndexOf('.') + 1);
  }

  public static String oidRoot(String id) {
    return id == null || !id.contains(".") ? id : id.substring(0, id.indexOf('.'));
  }

  public static boolean isValidOID(String oid) {
    return oid.matches("[0-2](\\.(0|[1-9][0-9]*))+");
  }

  public boolean isKnownOID(String url) {
    return url != null && url.startsWith("urn:oid:") && oids.contains(url.substring("urn:oid:".length()));
  }
}
