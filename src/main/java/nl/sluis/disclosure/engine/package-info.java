/**
 * The pure disclosure decision engine: given who asks, what resource is asked for, facts about the client,
 * the recorded grounds and the organisation policy, it decides whether the resource may be shown or leave
 * the organisation, and always says why.
 *
 * <p>Dutch legal terms used in this package, explained once:
 * <ul>
 *   <li><b>beroepsgeheim</b> — professional secrecy: a GGZ (mental health care) professional may share
 *       nothing about a client outside the treatment relationship without a ground. Hence external
 *       requesters are denied by default.</li>
 *   <li><b>WGBO</b> — Wet op de geneeskundige behandelingsovereenkomst, the Dutch medical treatment
 *       contract law in book 7 of the Civil Code (BW); art. 7:457 is the secrecy article, 7:456 the
 *       client's right of access, 7:465 who acts for minors and clients lacking capacity.</li>
 *   <li><b>wilsonbekwaam</b> — lacking the capacity to make a reasonable judgement on the matter; the legal
 *       representative then consents for the client.</li>
 *   <li><b>aandachtsfunctionaris</b> — the staff member designated to advise on signals of abuse or
 *       radicalisation; an organisation may let this role see very restricted data.</li>
 *   <li><b>conflict van plichten</b> — conflict of duties: disclosure without consent to prevent serious
 *       harm, after a documented deliberation.</li>
 * </ul>
 *
 * <p>This package imports nothing outside {@code java.*}: a HAPI adapter maps FHIR resources into its
 * records. See {@code docs/disclosure-engine.md}.
 */
package nl.sluis.disclosure.engine;
