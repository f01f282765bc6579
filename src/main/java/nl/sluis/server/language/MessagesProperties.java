package nl.sluis.server.language;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code sluis.messages.*}: the language of answers whose request names none Sluis speaks. */
@ConfigurationProperties(prefix = "sluis.messages")
public class MessagesProperties {

  /** {@code en} or {@code nl}. */
  private String defaultLanguage = "en";

  public String getDefaultLanguage() {
    return defaultLanguage;
  }

  public void setDefaultLanguage(String defaultLanguage) {
    this.defaultLanguage = defaultLanguage;
  }
}
