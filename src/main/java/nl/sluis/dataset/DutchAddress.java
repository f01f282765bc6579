package nl.sluis.dataset;

import java.util.Random;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.StringType;

/**
 * A Dutch home address as nl-core AddressInformation records it: street and house number as ADXP parts of the
 * line, a postcode "1234 AB", the address type (ext-AddressInformation.AddressType, HP = official address) and
 * the country.
 */
record DutchAddress(String street, int houseNumber, String postcode, String city) {

  private static final String[] STREETS = {"Kerkstraat", "Schoolstraat", "Molenweg", "Dorpsstraat", "Stationsweg",
      "Julianastraat", "Beatrixlaan", "Wilhelminastraat", "Nieuwstraat", "Oranjestraat", "Lindelaan",
      "Eikenlaan", "Kastanjelaan", "Parkweg", "Sluisstraat", "Havenstraat", "Prinses Irenestraat",
      "Burgemeester de Withstraat", "Van Goghlaan", "Rembrandtplein", "1e Jacob van Campenstraat", "Zeeweg"};
  /** City and the first two digits of its postcodes. */
  private static final String[][] CITIES = {{"Utrecht", "35"}, {"Amsterdam", "10"}, {"Rotterdam", "30"},
      {"Den Haag", "25"}, {"Amersfoort", "38"}, {"Zeist", "37"}, {"Nieuwegein", "34"}, {"Houten", "39"},
      {"Hilversum", "12"}, {"Gouda", "28"}, {"Leiden", "23"}, {"Zwolle", "80"}, {"Arnhem", "68"},
      {"Groningen", "97"}, {"Eindhoven", "56"}, {"Tilburg", "50"}};
  private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

  static DutchAddress random(Random random) {
    String[] city = CITIES[random.nextInt(CITIES.length)];
    String postcode = city[1] + (10 + random.nextInt(90)) + " " + LETTERS.charAt(random.nextInt(LETTERS.length()))
        + LETTERS.charAt(random.nextInt(LETTERS.length()));
    return new DutchAddress(STREETS[random.nextInt(STREETS.length)], 1 + random.nextInt(180), postcode, city[0]);
  }

  Address toFhir() {
    Address address = new Address().setUse(Address.AddressUse.HOME).setType(Address.AddressType.BOTH)
        .setCity(city).setPostalCode(postcode).setCountry("NL");
    address.addExtension("http://nictiz.nl/fhir/StructureDefinition/ext-AddressInformation.AddressType",
        new CodeableConcept(Fhir.coding("http://terminology.hl7.org/CodeSystem/v3-AddressUse", "HP",
            "Primary Home")));
    StringType line = address.addLineElement();
    line.setValue(street + " " + houseNumber);
    line.addExtension("http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetName", new StringType(street));
    line.addExtension("http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber",
        new StringType(Integer.toString(houseNumber)));
    return address;
  }
}
