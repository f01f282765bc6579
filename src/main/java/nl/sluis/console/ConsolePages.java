package nl.sluis.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The privacy officer's console and the landing page are static files in the jar ({@code static/}); this only
 * maps {@code /console} and {@code /console/} to the console's page. The pages hold no data: every datum the
 * console shows comes from the FHIR API, fetched with the signed-in user's own bearer token.
 */
@Controller
public class ConsolePages {

  @GetMapping({"/console", "/console/"})
  public String console() {
    return "forward:/console/index.html";
  }
}
