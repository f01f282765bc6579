package nl.sluis.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sluis.security.*}: how bearer tokens are verified and where the requester's attributes are
 * found in them. Claim paths are dot-separated (nested JSON objects), because identity providers put
 * the HL7 UDAP B2B extension ({@code extensions.hl7-b2b}) or their own claims in different places.
 */
@ConfigurationProperties(prefix = "sluis.security")
public class SecurityProperties {

  /** Expected {@code iss}. Required. */
  private String issuer = "";
  /** Expected {@code aud} (one of). Required. */
  private List<String> audience = new ArrayList<>();
  /** JWKS over HTTPS (the identity provider's jwks_uri). One of jwks-url / jwks-file is required. */
  private String jwksUrl = "";
  /** JWKS file, re-read when it changes (key rotation without restart). Spring resource syntax. */
  private String jwksFile = "";
  /** Tolerance for exp / nbf / iat. */
  private Duration clockSkew = Duration.ofSeconds(60);
  /** Advertised in /.well-known/smart-configuration. */
  private String authorizationEndpoint = "";
  private String tokenEndpoint = "";
  private Claims claims = new Claims();

  /** Dot-separated claim paths. */
  public static class Claims {
    private String organizationId = "extensions.hl7-b2b.organization_id";
    private String organizationName = "extensions.hl7-b2b.organization_name";
    private String subjectId = "extensions.hl7-b2b.subject_id";
    private String subjectName = "extensions.hl7-b2b.subject_name";
    private String subjectRole = "extensions.hl7-b2b.subject_role";
    private String purposeOfUse = "extensions.hl7-b2b.purpose_of_use";
    /** NEN 7513's responsible user, when the user acts on someone else's behalf. Sluis-specific. */
    private String responsibleUserId = "extensions.hl7-b2b.responsible_user_id";
    private String responsibleUserName = "extensions.hl7-b2b.responsible_user_name";
    private String scope = "scope";
    private String fhirUser = "fhirUser";

    public String getOrganizationId() {
      return organizationId;
    }

    public void setOrganizationId(String organizationId) {
      this.organizationId = organizationId;
    }

    public String getOrganizationName() {
      return organizationName;
    }

    public void setOrganizationName(String organizationName) {
      this.organizationName = organizationName;
    }

    public String getSubjectId() {
      return subjectId;
    }

    public void setSubjectId(String subjectId) {
      this.subjectId = subjectId;
    }

    public String getSubjectName() {
      return subjectName;
    }

    public void setSubjectName(String subjectName) {
      this.subjectName = subjectName;
    }

    public String getSubjectRole() {
      return subjectRole;
    }

    public void setSubjectRole(String subjectRole) {
      this.subjectRole = subjectRole;
    }

    public String getPurposeOfUse() {
      return purposeOfUse;
    }

    public void setPurposeOfUse(String purposeOfUse) {
      this.purposeOfUse = purposeOfUse;
    }

    public String getResponsibleUserId() {
      return responsibleUserId;
    }

    public void setResponsibleUserId(String responsibleUserId) {
      this.responsibleUserId = responsibleUserId;
    }

    public String getResponsibleUserName() {
      return responsibleUserName;
    }

    public void setResponsibleUserName(String responsibleUserName) {
      this.responsibleUserName = responsibleUserName;
    }

    public String getScope() {
      return scope;
    }

    public void setScope(String scope) {
      this.scope = scope;
    }

    public String getFhirUser() {
      return fhirUser;
    }

    public void setFhirUser(String fhirUser) {
      this.fhirUser = fhirUser;
    }
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }

  public List<String> getAudience() {
    return audience;
  }

  public void setAudience(List<String> audience) {
    this.audience = audience;
  }

  public String getJwksUrl() {
    return jwksUrl;
  }

  public void setJwksUrl(String jwksUrl) {
    this.jwksUrl = jwksUrl;
  }

  public String getJwksFile() {
    return jwksFile;
  }

  public void setJwksFile(String jwksFile) {
    this.jwksFile = jwksFile;
  }

  public Duration getClockSkew() {
    return clockSkew;
  }

  public void setClockSkew(Duration clockSkew) {
    this.clockSkew = clockSkew;
  }

  public String getAuthorizationEndpoint() {
    return authorizationEndpoint;
  }

  public void setAuthorizationEndpoint(String authorizationEndpoint) {
    this.authorizationEndpoint = authorizationEndpoint;
  }

  public String getTokenEndpoint() {
    return tokenEndpoint;
  }

  public void setTokenEndpoint(String tokenEndpoint) {
    this.tokenEndpoint = tokenEndpoint;
  }

  public Claims getClaims() {
    return claims;
  }

  public void setClaims(Claims claims) {
    this.claims = claims;
  }
}
