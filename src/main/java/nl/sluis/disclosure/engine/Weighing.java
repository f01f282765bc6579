package nl.sluis.disclosure.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * The recorded weighing (afweging) behind a legal ground, as the engine needs it: which kind it is,
 * whether it is completed, whether every condition the law names was answered yes, when and by which role
 * it was recorded. The adapter derives it from the weighing record; the answers themselves stay there.
 *
 * @param reference        e.g. "QuestionnaireResponse/123"
 * @param type             what kind of ground it weighs
 * @param completed        the record is completed (not in progress, withdrawn or entered in error)
 * @param allConditionsMet every condition of this kind answered yes (for kinds without conditions: true)
 * @param authored         when it was recorded, or null when unknown
 * @param authorRole       the UZI or local role of its author, or null when unknown
 */
public record Weighing(String reference, WeighingType type, boolean completed, boolean allConditionsMet,
                       Instant authored, String authorRole) {

    public Weighing {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(type, "type");
    }
}
