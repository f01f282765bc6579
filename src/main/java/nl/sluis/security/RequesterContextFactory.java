package nl.sluis.security;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import nl.sluis.server.language.Messages;
import org.springframework.security.oauth2.jwt.Jwt;

/** Maps a verified token's claims to a {@link RequesterContext}, by the configured claim paths. */
public class RequesterContextFactory {

  private static final Pattern URA = Pattern.compile("\\d{8}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern FHIR_USER =
      Pattern.compile("(?:.*/)?(Practitioner|PractitionerRole|Patient|RelatedPerson|Device|Organization)/[A-Za-z0-9\\-.]{1,64}");
  private final SecurityProperties.Claims claims;
  private final String ownUra;

  public RequesterContextFactory(SecurityProperties.Claims claims, String ownUra) {
    this.claims = claims;
    this.ownUra = ownUra;
  }

  public RequesterContext create(Jwt jwt) {
    Map<String, Object> all = jwt.getClaims();
    String fhirUser = fhirUser(text(all, claims.getFhirUser()));
    boolean patientFacing = fhirUser != null
        && (fhirUser.startsWith("Patient/") || fhirUser.startsWith("RelatedPerson/"));
    String ura = ura(text(all, claims.getOrganizationId()));
    if (ura == null && !patientFacing) {
      throw new RequesterRejectedException(Messages.text("token.noOrganisation",
          claims.getOrganizationId(), RequesterContext.URA_SYSTEM));
    }
    boolean internal = ura != null && ura.equals(ownUra) && !patientFacing;
    String purpose = purpose(text(all, claims.getPurposeOfUse()));
    if (purpose == null && ura != null && !internal && !patientFacing) {
      throw new RequesterRejectedException(Messages.text("token.noPurpose",
          claims.getPurposeOfUse(), RequesterContext.PURPOSE_SYSTEM));
    }
    String userId = orElse(text(all, claims.getSubjectId()), jwt.getSubject());
    if (userId == null) {
      throw new RequesterRejectedException(Messages.text("token.noUser", claims.getSubjectId()));
    }
    String[] role = role(text(all, claims.getSubjectRole()));
    String patientContext = orElse(text(all, "patient"), null);
    if (patientContext != null && !patientContext.startsWith("Patient/")) {
      patientContext = "Patient/" + patientContext;
    }
    if (patientContext == null && fhirUser != null && fhirUser.startsWith("Patient/")) {
      patientContext = fhirUser;
    }
    return new RequesterContext(ura, text(all, claims.getOrganizationName()), internal, userId,
        text(all, claims.getSubjectName()), role[0], role[1], text(all, claims.getResponsibleUserId()),
        text(all, claims.getResponsibleUserName()), purpose, fhirUser, patientContext,
        SmartScopes.parse(scopeText(all.get(claims.getScope()))),
        orElse(text(all, "client_id"), text(all, "azp")), text(all, "jti"));
  }

  private static String ura(String value) {
    if (value == null) {
      return null;
    }
    String number = value.startsWith(RequesterContext.URA_SYSTEM + "|")
        ? value.substring(RequesterContext.URA_SYSTEM.length() + 1)
        : value;
    if (!URA.matcher(number).matches()) {
      throw new RequesterRejectedException(Messages.text("token.organisationNotUra", RequesterContext.URA_SYSTEM));
    }
    return number;
  }

  private static String purpose(String value) {
    if (value == null) {
      return null;
    }
    String code = value.startsWith(RequesterContext.PURPOSE_SYSTEM + "|")
        ? value.substring(RequesterContext.PURPOSE_SYSTEM.length() + 1)
        : value;
    if (!code.matches("[A-Z]{2,12}")) {
      throw new RequesterRejectedException(Messages.text("token.purposeNotCode", RequesterContext.PURPOSE_SYSTEM));
    }
    return code;
  }

  private static String[] role(String value) {
    if (value == null) {
      return new String[] {null, null};
    }
    int bar = value.lastIndexOf('|');
    String system = bar < 0 ? RequesterContext.UZI_ROLE_SYSTEM : value.substring(0, bar);
    String code = bar < 0 ? value : value.substring(bar + 1);
    if (!CODE.matcher(code).matches()) {
      throw new RequesterRejectedException(Messages.text("token.roleNotCode"));
    }
    return new String[] {system, code};
  }

  private static String fhirUser(String value) {
    if (value == null) {
      return null;
    }
    if (!FHIR_USER.matcher(value).matches()) {
      throw new RequesterRejectedException(Messages.text("token.fhirUserNotReference"));
    }
    String[] parts = value.split("/");
    return parts[parts.length - 2] + "/" + parts[parts.length - 1];
  }

  /** The value at a dot-separated path; a list yields its first element. */
  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> claims, String path) {
    Object current = claims;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map)) {
        return null;
      }
      current = ((Map<String, Object>) current).get(part);
    }
    if (current instanceof Collection<?> list) {
      current = list.isEmpty() ? null : list.iterator().next();
    }
    if (current instanceof Map<?, ?> coding && coding.get("code") != null) {
      Object system = coding.get("system");
      current = (system == null ? "" : system + "|") + coding.get("code");
    }
    return current == null || current.toString().isBlank() ? null : current.toString();
  }

  private static String scopeText(Object scope) {
    if (scope instanceof Collection<?> list) {
      return String.join(" ", list.stream().map(Object::toString).toList());
    }
    return scope == null ? "" : scope.toString();
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
