package nl.sluis.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code hapi.fhir.*} settings. Key names follow the HAPI FHIR JPA starter where a setting exists
 * there (e.g. {@code hapi.fhir.server_address}), so that people who run HAPI servers recognise them.
 * Defaults are the secure ones: features the disclosure layer does not cover yet are off.
 */
@ConfigurationProperties(prefix = "hapi.fhir")
public class FhirServerProperties {

  /** Public base URL (e.g. https://fhir.example.nl/fhir); used in Location headers and paging links. */
  private String serverAddress = "";
  /** Derive the base URL from X-Forwarded-* headers when no server address is configured. */
  private boolean useApacheAddressStrategy = false;
  private boolean useApacheAddressStrategyHttps = false;
  private int defaultPageSize = 20;
  private int maxPageSize = 200;
  /** 0 = every search sees the latest writes; HAPI's own default is 60000 ms. */
  private long reuseCachedSearchResultsMillis = 0;
  private boolean defaultPrettyPrint = false;
  private String defaultEncoding = "JSON";
  private boolean etagSupportEnabled = true;
  /** Off until the disclosure layer covers them (see README). Enabling is refused at start-up. */
  private boolean graphqlEnabled = false;
  private boolean bulkExportEnabled = false;
  private Cors cors = new Cors();
  /** Largest accepted request body in bytes; larger bodies get 413. */
  private long maxRequestBodyBytes = 10L * 1024 * 1024;
  /** Sluis is an R4 server; any other value is refused at start-up rather than silently served as R4. */
  private String fhirVersion = "R4";
  /** Nothing is ever physically erased: {@code true} is refused at start-up. */
  private boolean expungeEnabled = false;
  /** Extra FHIR packages (.tgz or folder) to install at start-up, by a key of the operator's choosing. */
  private Map<String, ImplementationGuide> implementationguides = new LinkedHashMap<>();

  /** One extra FHIR package, in the HAPI JPA starter's key shape ({@code name}, {@code version}, {@code packageUrl}). */
  public static class ImplementationGuide {
    /** The package name its package.json must have (e.g. nictiz.fhir.nl.r4.nl-core); empty = not checked. */
    private String name = "";
    /** The version its package.json must have; empty = not checked. */
    private String version = "";
    /** A local .tgz or package folder: a path or a file: URL. Never fetched from a registry. */
    private String packageUrl = "";

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getVersion() {
      return version;
    }

    public void setVersion(String version) {
      this.version = version;
    }

    public String getPackageUrl() {
      return packageUrl;
    }

    public void setPackageUrl(String packageUrl) {
      this.packageUrl = packageUrl;
    }
  }

  public static class Cors {
    /** Allowed origin patterns; empty = CORS closed (no CORS headers at all). */
    private List<String> allowedOrigin = new ArrayList<>();
    private boolean allowCredentials = false;

    public List<String> getAllowedOrigin() {
      return allowedOrigin;
    }

    public void setAllowedOrigin(List<String> allowedOrigin) {
      this.allowedOrigin = allowedOrigin;
    }

    public boolean isAllowCredentials() {
      return allowCredentials;
    }

    public void setAllowCredentials(boolean allowCredentials) {
      this.allowCredentials = allowCredentials;
    }
  }

  public String getServerAddress() {
    return serverAddress;
  }

  public void setServerAddress(String serverAddress) {
    this.serverAddress = serverAddress;
  }

  public boolean isUseApacheAddressStrategy() {
    return useApacheAddressStrategy;
  }

  public void setUseApacheAddressStrategy(boolean useApacheAddressStrategy) {
    this.useApacheAddressStrategy = useApacheAddressStrategy;
  }

  public boolean isUseApacheAddressStrategyHttps() {
    return useApacheAddressStrategyHttps;
  }

  public void setUseApacheAddressStrategyHttps(boolean useApacheAddressStrategyHttps) {
    this.useApacheAddressStrategyHttps = useApacheAddressStrategyHttps;
  }

  public int getDefaultPageSize() {
    return defaultPageSize;
  }

  public void setDefaultPageSize(int defaultPageSize) {
    this.defaultPageSize = defaultPageSize;
  }

  public int getMaxPageSize() {
    return maxPageSize;
  }

  public void setMaxPageSize(int maxPageSize) {
    this.maxPageSize = maxPageSize;
  }

  public long getReuseCachedSearchResultsMillis() {
    return reuseCachedSearchResultsMillis;
  }

  public void setReuseCachedSearchResultsMillis(long reuseCachedSearchResultsMillis) {
    this.reuseCachedSearchResultsMillis = reuseCachedSearchResultsMillis;
  }

  public boolean isDefaultPrettyPrint() {
    return defaultPrettyPrint;
  }

  public void setDefaultPrettyPrint(boolean defaultPrettyPrint) {
    this.defaultPrettyPrint = defaultPrettyPrint;
  }

  public String getDefaultEncoding() {
    return defaultEncoding;
  }

  public void setDefaultEncoding(String defaultEncoding) {
    this.defaultEncoding = defaultEncoding;
  }

  public boolean isEtagSupportEnabled() {
    return etagSupportEnabled;
  }

  public void setEtagSupportEnabled(boolean etagSupportEnabled) {
    this.etagSupportEnabled = etagSupportEnabled;
  }

  public boolean isGraphqlEnabled() {
    return graphqlEnabled;
  }

  public void setGraphqlEnabled(boolean graphqlEnabled) {
    this.graphqlEnabled = graphqlEnabled;
  }

  public boolean isBulkExportEnabled() {
    return bulkExportEnabled;
  }

  public void setBulkExportEnabled(boolean bulkExportEnabled) {
    this.bulkExportEnabled = bulkExportEnabled;
  }

  public Cors getCors() {
    return cors;
  }

  public void setCors(Cors cors) {
    this.cors = cors;
  }

  public long getMaxRequestBodyBytes() {
    return maxRequestBodyBytes;
  }

  public void setMaxRequestBodyBytes(long maxRequestBodyBytes) {
    this.maxRequestBodyBytes = maxRequestBodyBytes;
  }

  public String getFhirVersion() {
    return fhirVersion;
  }

  public void setFhirVersion(String fhirVersion) {
    this.fhirVersion = fhirVersion;
  }

  public boolean isExpungeEnabled() {
    return expungeEnabled;
  }

  public void setExpungeEnabled(boolean expungeEnabled) {
    this.expungeEnabled = expungeEnabled;
  }

  public Map<String, ImplementationGuide> getImplementationguides() {
    return implementationguides;
  }

  public void setImplementationguides(Map<String, ImplementationGuide> implementationguides) {
    this.implementationguides = implementationguides;
  }
}
