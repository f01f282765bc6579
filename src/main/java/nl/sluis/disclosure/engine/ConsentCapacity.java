package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * Who may consent to disclosure for the client, by the client's age on the day of the request (WGBO,
 * which prevails over the GDPR's age of 16 here):
 * under 12 a parent or guardian with authority; 12 to 15 the client and a parent or guardian with authority
 * (or the client alone in {@link AdolescentConsentMode#CHILD_ONLY}); 16 and over the client alone; 12 and
 * over lacking capacity to decide on sharing information, on that day ({@link CapacityJudgement}), the
 * representative the judgement names, or else a legal representative with authority; the client's own consent
 * then does not count. A consent is evaluated anew on every request, so a parent's
 * consent stops counting on the client's 16th birthday. Extra co-signers never invalidate a consent.
 */
final class ConsentCapacity {

    static final String AGE_UNKNOWN = "client's birth date unknown: cannot tell who may consent";
    static final String UNDER_12 = "client under 12: a parent or guardian with authority must consent";
    static final String ADOLESCENT_BOTH = "client aged 12-15: both the client and a parent or guardian with authority must consent";
    static final String ADOLESCENT_CHILD = "client aged 12-15: the client must consent";
    static final String ADULT = "client aged 16 or over: only the client's own consent counts";
    static final String REPRESENTATIVE = "client aged 12 or over lacks capacity to decide on sharing information:"
            + " the representative the judgement names (or else a legal representative with authority) must consent";

    private ConsentCapacity() {
    }

    /** Null when the ground's performers may consent for this client at this age, else why not. */
    static String rejection(Ground ground, ClientFacts client, int age, AdolescentConsentMode mode, LocalDate date) {
        if (age == Age.UNKNOWN) {
            return AGE_UNKNOWN;
        }
        List<Party> performers = ground.performers();
        CapacityJudgement lacking = age >= 12 ? client.lackingCapacity(date) : null;
        if (lacking != null) {
            return byRepresentativeOf(lacking, performers, client) ? null : REPRESENTATIVE;
        }
        if (age < 12) {
            return byRepresentative(performers, client, true) ? null : UNDER_12;
        }
        boolean byClient = byClient(performers, client);
        if (age < 16) {
            if (mode == AdolescentConsentMode.CHILD_ONLY) {
                return byClient ? null : ADOLESCENT_CHILD;
            }
            return byClient && byRepresentative(performers, client, true) ? null : ADOLESCENT_BOTH;
        }
        return byClient ? null : ADULT;
    }

    private static boolean byClient(List<Party> performers, ClientFacts client) {
        for (int i = 0; i < performers.size(); i++) {
            Party p = performers.get(i);
            if (p.kind() == PartyKind.PATIENT && p.id().equals(client.clientId())) {
                return true;
            }
        }
        return false;
    }

    private static boolean byRepresentativeOf(CapacityJudgement lacking, List<Party> performers, ClientFacts client) {
        for (int i = 0; i < performers.size(); i++) {
            Party p = performers.get(i);
            if (p.kind() == PartyKind.RELATED_PERSON && lacking.representedBy(client.representative(p.id()), p.id())) {
                return true;
            }
        }
        return false;
    }

    private static boolean byRepresentative(List<Party> performers, ClientFacts client, boolean parentOrGuardian) {
        for (int i = 0; i < performers.size(); i++) {
            Party p = performers.get(i);
            if (p.kind() != PartyKind.RELATED_PERSON) {
                continue;
            }
            LegalRepresentative r = client.representative(p.id());
            if (r != null && (parentOrGuardian ? r.isParentOrGuardianWithAuthority() : r.hasAuthority())) {
                return true;
            }
        }
        return false;
    }
}
