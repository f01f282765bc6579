package nl.sluis.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import nl.sluis.server.SluisApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The server on the zero-setup default (embedded H2 in a fresh folder, dev profile, a public base URL), one Spring
 * context shared by every class that carries this annotation: start-up is the slowest thing in the test suite.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ActiveProfiles("dev")
@SpringBootTest(
    classes = SluisApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sluis.data-dir=${java.io.tmpdir}/sluis-h2-test-${random.uuid}",
      "hapi.fhir.server_address=https://fhir.ggz-voorbeeld.nl/fhir"
    })
public @interface H2ServerTest {}
