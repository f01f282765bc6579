package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;

import nl.sluis.security.SmartScope.Level;
import nl.sluis.security.SmartScope.Permission;
import org.junit.jupiter.api.Test;

class SmartScopeTest {

  @Test
  void v2PermissionsAreParsedLetterByLetter() {
    SmartScopes scopes = SmartScopes.parse("system/Observation.rs openid");
    assertThat(scopes.grant("Observation", Permission.READ)).contains(Level.SYSTEM);
    assertThat(scopes.grant("Observation", Permission.SEARCH)).contains(Level.SYSTEM);
    assertThat(scopes.grant("Observation", Permission.CREATE)).isEmpty();
    assertThat(scopes.grant("Patient", Permission.READ)).isEmpty();
  }

  @Test
  void v1ReadWriteAndWildcards() {
    SmartScopes scopes = SmartScopes.parse("user/Patient.read user/Observation.write patient/*.*");
    assertThat(scopes.grant("Patient", Permission.SEARCH)).contains(Level.USER);
    assertThat(scopes.grant("Observation", Permission.DELETE)).contains(Level.USER);
    assertThat(scopes.grant("Observation", Permission.READ)).contains(Level.PATIENT);
    assertThat(scopes.grant("Consent", Permission.UPDATE)).contains(Level.PATIENT);
  }

  @Test
  void anUnrestrictedGrantBeatsAPatientOne() {
    SmartScopes scopes = SmartScopes.parse("patient/Observation.rs user/Observation.r");
    assertThat(scopes.grant("Observation", Permission.READ)).contains(Level.USER);
    assertThat(scopes.grant("Observation", Permission.SEARCH)).contains(Level.PATIENT);
  }

  @Test
  void malformedAndConstrainedScopesGrantNothing() {
    SmartScopes scopes = SmartScopes.parse("user/Observation.rs?category=vital-signs system/patient.r "
        + "system/Observation.xyz user/Observation. launch/patient");
    for (Permission permission : Permission.values()) {
      assertThat(scopes.grant("Observation", permission)).isEmpty();
    }
    assertThat(scopes.raw()).hasSize(5);
  }

  @Test
  void neededScopeIsNamedForErrorMessages() {
    assertThat(SmartScopes.needed(Level.SYSTEM, "Observation", Permission.SEARCH)).isEqualTo("system/Observation.s");
  }
}
