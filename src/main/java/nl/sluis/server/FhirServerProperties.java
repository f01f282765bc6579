package nl.sluis.server;

import java.util.ArrayList;
import java.util.List;
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
}
