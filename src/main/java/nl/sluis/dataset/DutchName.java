package nl.sluis.dataset;

import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;

/**
 * A Dutch name as zib NameInformation records it: given names, a call name, the own surname with its prefix
 * (voorvoegsel, "van der"), and for people using their partner's name the partner's surname and prefix and the
 * name usage (naamgebruik NL1–NL4, HL7 humanname-assembly-order). Rendered as nl-core does: {@code family} holds
 * the assembled surname, its parts go in the HL7 humanname-own-/partner- extensions.
 */
record DutchName(List<String> givenNames, String callName, String ownPrefix, String ownName,
    String partnerPrefix, String partnerName, String usage) {

  /** Surnames with their prefixes, the most common in the Netherlands plus names of families from elsewhere. */
  private static final String[][] SURNAMES = {
      {"", "Jansen"}, {"de", "Jong"}, {"de", "Vries"}, {"van den", "Berg"}, {"van", "Dijk"}, {"", "Bakker"},
      {"", "Janssen"}, {"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"},
      {"de", "Groot"}, {"", "Bos"}, {"", "Vos"}, {"", "Peters"}, {"", "Hendriks"}, {"van", "Leeuwen"},
      {"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"}, {"", "Smits"}, {"de", "Graaf"},
      {"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"}, {"", "Jacobs"}, {"de", "Haan"},
      {"", "Vermeulen"}, {"van den", "Heuvel"}, {"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"},
      {"de", "Bruin"}, {"van der", "Heijden"}, {"", "Schouten"}, {"van", "Beek"}, {"", "Willems"},
      {"van", "Vliet"}, {"van de", "Ven"}, {"", "Hoekstra"}, {"", "Maas"}, {"", "Verhoeven"}, {"", "Koster"},
      {"van", "Dam"}, {"van der", "Wal"}, {"", "Prins"}, {"", "Blom"}, {"", "Huisman"}, {"", "Yılmaz"},
      {"", "Kaya"}, {"", "Bennani"}, {"", "El Idrissi"}, {"", "Nguyen"}, {"", "Kowalski"}, {"", "Pinas"},
      {"", "Tahiri"}, {"ter", "Horst"}, {"in 't", "Veld"}};
  private static final String[] FEMALE = {"Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora",
      "Anna", "Eva", "Fenna", "Lotte", "Saar", "Maria", "Anouk", "Femke", "Johanna", "Petronella", "Wilhelmina",
      "Cornelia", "Fatima", "Yasmina", "Elif", "Noor", "Iris", "Sanne", "Lieke", "Esther", "Ingrid", "Margriet"};
  private static final String[] MALE = {"Noah", "Sem", "Liam", "Lucas", "Daan", "Finn", "Levi", "Luuk", "Mees",
      "James", "Milan", "Bram", "Jan", "Pieter", "Willem", "Thijs", "Johannes", "Cornelis", "Hendrik", "Gerrit",
      "Mohamed", "Youssef", "Emre", "Ahmet", "Ruben", "Jeroen", "Sander", "Kees", "Henk", "Bas"};

  static String[] surname(Random random) {
    return SURNAMES[random.nextInt(SURNAMES.length)];
  }

  /** One to three given names (the first is usually the call name), official spelling. */
  static List<String> givenNames(Random random, boolean female) {
    String[] pool = female ? FEMALE : MALE;
    int count = 1 + random.nextInt(3);
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    while (names.size() < count) {
      names.add(pool[random.nextInt(pool.length)]);
    }
    return List.copyOf(names);
  }

  /** A name of someone using only their own surname. */
  static DutchName own(List<String> given, String[] surname) {
    return new DutchName(given, given.get(0), surname[0], surname[1], "", "", "NL1");
  }

  /** A name of someone with a partner: naamgebruik drawn, own name most often (as in the BRP). */
  static DutchName withPartner(Random random, List<String> given, String[] own, String[] partner) {
    String usage = switch (random.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> "NL1";
      case 5 -> "NL2";
      case 6, 7 -> "NL3";
      default -> "NL4";
    };
    return new DutchName(given, given.get(0), own[0], own[1], partner[0], partner[1], usage);
  }

  /** The surname as used: own, partner's, partner's-own (NL3) or own-partner's (NL4). */
  String family() {
    String ownFull = join(ownPrefix, ownName);
    String partnerFull = join(partnerPrefix, partnerName);
    return switch (usage) {
      case "NL2" -> partnerFull;
      case "NL3" -> partnerFull + "-" + ownFull;
      case "NL4" -> ownFull + "-" + partnerFull;
      default -> ownFull;
    };
  }

  /** "Sanne de Vries" as written in a letter: call name and surname. */
  String display() {
    return callName + " " + family();
  }

  /** "S.M. de Vries": initials and surname, as professionals are named. */
  String initialsDisplay() {
    StringBuilder initials = new StringBuilder();
    for (String given : givenNames) {
      initials.append(given.charAt(0)).append('.');
    }
    return initials + " " + family();
  }

  /** The official name (nl-core NameInformation), optionally with given names as initials only. */
  HumanName official(boolean initialsOnly) {
    HumanName name = new HumanName().setUse(HumanName.NameUse.OFFICIAL);
    name.setText(initialsOnly ? initialsDisplay() : String.join(" ", givenNames) + " " + family());
    if (!"NL1".equals(usage)) {
      name.addExtension(Fhir.HUMANNAME + "assembly-order", new CodeType(usage));
    }
    StringType family = name.getFamilyElement();
    family.setValue(family());
    addPart(family, "own-prefix", ownPrefix);
    addPart(family, "own-name", ownName);
    addPart(family, "partner-prefix", partnerPrefix);
    addPart(family, "partner-name", partnerName);
    for (String given : givenNames) {
      StringType part = name.addGivenElement();
      part.setValue(initialsOnly ? given.charAt(0) + "." : given);
      part.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier",
          new CodeType(initialsOnly ? "IN" : "BR")));
    }
    return name;
  }

  /** The call name (roepnaam) as nl-core records it: a usual name with a given name only. */
  HumanName usual() {
    return new HumanName().setUse(HumanName.NameUse.USUAL).addGiven(callName);
  }

  private static void addPart(StringType family, String part, String value) {
    if (!value.isEmpty()) {
      family.addExtension(Fhir.HUMANNAME + part, new StringType(value));
    }
  }

  private static String join(String prefix, String name) {
    return prefix.isEmpty() ? name : prefix + " " + name;
  }
}
