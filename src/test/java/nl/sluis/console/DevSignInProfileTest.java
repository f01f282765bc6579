package nl.sluis.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The dev sign-in exists only in the dev profile (without starting a whole server for another profile). */
class DevSignInProfileTest {

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
      .withPropertyValues("sluis.organization.ura=00000001")
      .withUserConfiguration(DevSignIn.class);

  @Test
  void absentWithoutTheDevProfile() {
    runner.run(context -> assertThat(context).doesNotHaveBean(DevSignIn.class));
    runner.withInitializer(context -> context.getEnvironment().setActiveProfiles("prod"))
        .run(context -> assertThat(context).doesNotHaveBean(DevSignIn.class));
  }

  @Test
  void presentWithTheDevProfile() {
    runner.withInitializer(context -> context.getEnvironment().setActiveProfiles("dev"))
        .run(context -> assertThat(context).hasSingleBean(DevSignIn.class));
  }
}
