package nl.sluis.console;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.security.DevTokens;
import nl.sluis.security.RequesterContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's dev sign-in: mints a dev-key token for one of a fixed set of roles. Exists only in the
 * {@code dev} profile (whose server trusts the dev key anyway, and whose {@code token} command mints any token);
 * outside it neither the bean nor its path exists. A caller chooses a preset by name, never claims of its own.
 * JSON only, so a cross-site form post cannot trigger it.
 */
@Profile("dev")
@RestController
public class DevSignIn {

  static final String PATH = "/console/dev-sign-in";

  /** A role to sign in as: its label (Dutch, English) and the token it gets. */
  public record Preset(String id, String nl, String en, String ura, String user, String name, String role,
      String purpose, String scope, String fhirUser) {}

  private final List<Preset> presets;
  private final Duration lifetime = Duration.ofHours(1);

  public DevSignIn(@Value("${sluis.organization.ura}") String ownUra) {
    presets = List.of(
        new Preset("privacy-officer", "Privacy officer (eigen organisatie)", "Privacy officer (own organisation)",
            ownUra, "po-dev-1", "P. Olthof", "privacy-officer", null, "user/*.cruds", "PractitionerRole/privacy-officer-01"),
        new Preset("psychiatrist", "Psychiater (eigen organisatie)", "Psychiatrist (own organisation)",
            ownUra, "uzi-900000001", "J. de Boer", "01.035", "TREAT", "user/*.cruds",
            // the examples' psychiatrist role (profiles/example): a legal ground's performer, in client-01's care team
            "PractitionerRole/psychiater-01-rol"),
        new Preset("aandachtsfunctionaris", "Aandachtsfunctionaris (eigen organisatie)",
            "Designated safeguarding officer (own organisation)", ownUra, "uzi-900000011", "A. Smit",
            "aandachtsfunctionaris", "TREAT", "user/*.cruds", null),
        new Preset("nurse", "Verpleegkundige, niet in het behandelteam", "Nurse outside the care team",
            ownUra, "uzi-900000041", "N. Bakker", "30.000", "TREAT", "user/*.rs", null),
        new Preset("external-gp", "Huisarts (andere organisatie, URA 00000002)", "GP (other organisation, URA 00000002)",
            "00000002", "uzi-900000099", "H. Jansen", "01.015", "TREAT", "user/*.rs", null));
  }

  @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public List<Map<String, String>> presets() {
    return presets.stream().map(p -> Map.of("id", p.id(), "nl", p.nl(), "en", p.en())).toList();
  }

  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Map<String, Object>> signIn(@RequestBody Map<String, Object> body) {
    Object wanted = body.get("preset");
    Preset preset = presets.stream().filter(p -> p.id().equals(wanted)).findFirst().orElse(null);
    if (preset == null) {
      // through the error page, so that this error is an OperationOutcome like every other one
      throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
          "Unknown dev sign-in preset");
    }
    return ResponseEntity.ok().header("Cache-Control", "no-store")
        .body(Map.of("access_token", DevTokens.mint(claims(preset), lifetime), "token_type", "Bearer",
            "expires_in", lifetime.toSeconds()));
  }

  static Map<String, Object> claims(Preset preset) {
    Map<String, Object> b2b = new LinkedHashMap<>();
    b2b.put("version", "1");
    b2b.put("organization_id", RequesterContext.URA_SYSTEM + "|" + preset.ura());
    b2b.put("subject_id", preset.user());
    b2b.put("subject_name", preset.name());
    b2b.put("subject_role", preset.role());
    if (preset.purpose() != null) {
      b2b.put("purpose_of_use", List.of(preset.purpose()));
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", preset.scope());
    if (preset.fhirUser() != null) {
      claims.put("fhirUser", preset.fhirUser());
    }
    claims.put("extensions", Map.of("hl7-b2b", b2b));
    return claims;
  }
}
