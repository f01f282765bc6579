package nl.sluis.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchDataAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Sluis: a FHIR R4 server for Dutch mental health care that decides what may leave the organisation.
 *
 * <p>HAPI's transitive dependencies would wake auto-configurations we do not use: an Elasticsearch
 * client that sniffs localhost:9200, a second Quartz scheduler, and Thymeleaf.
 */
@SpringBootApplication(
    scanBasePackages = "nl.sluis",
    exclude = {
      ElasticsearchClientAutoConfiguration.class,
      ElasticsearchRestClientAutoConfiguration.class,
      ElasticsearchDataAutoConfiguration.class,
      QuartzAutoConfiguration.class,
      ThymeleafAutoConfiguration.class
    },
    // Spring Authorization Server is a test dependency (the console's sign-in tests start one as their own
    // application); by name, because the classes are absent in production. It must never serve from Sluis.
    excludeName = {
      "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration",
      "org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration"
    })
@ConfigurationPropertiesScan("nl.sluis")
public class SluisApplication {

  public static void main(String[] args) {
    // Command-line tools: dispatched before Spring starts (they never start the server).
    String[] rest = args.length > 0 ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    if (args.length > 0 && args[0].equals("token")) {
      nl.sluis.security.DevTokens.main(rest);
      return;
    }
    if (args.length > 0 && args[0].equals("generate")) {
      nl.sluis.dataset.GenerateCommand.main(rest);
      return;
    }
    if (args.length > 0 && args[0].equals("load")) {
      nl.sluis.dataset.LoadCommand.main(rest);
      return;
    }
    SpringApplication.run(SluisApplication.class, args);
  }
}
