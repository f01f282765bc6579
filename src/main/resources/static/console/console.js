// The Sluis console: plain JavaScript module, no framework. It talks only to the public FHIR API with the user's
// own bearer token (kept in sessionStorage, never in a URL). No client data goes into the URL, title or history:
// views are in-page state.
import { t, translatePage } from './i18n.js';
import { beginSignIn, completeSignIn, endSession, signInOptions, takeAuthorizationResponse } from './oidc.js';

// First of all: a return from the identity provider leaves ?code=&state= in the address bar; take them out now.
const authorizationResponse = takeAuthorizationResponse();

const FHIR = '/fhir';
const TOKEN_KEY = 'sluis.console.token';
const UZI = 'http://fhir.nl/fhir/NamingSystem/uzi-rolcode';
const LOCAL_ROLE = 'http://sluis.nl/fhir/CodeSystem/local-role';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const RULE_KIND = 'http://sluis.nl/fhir/CodeSystem/policy-rule-kind';
const ROLE_EXT = 'http://sluis.nl/fhir/StructureDefinition/sluis-ext-ProvisionRole';
const MINOR_EXT = 'http://sluis.nl/fhir/StructureDefinition/sluis-ext-MinorConsentMode';
const DELIBERATION_EXT = 'http://sluis.nl/fhir/StructureDefinition/sluis-ext-Deliberation';
const CONSENT_CATEGORY = 'http://sluis.nl/fhir/CodeSystem/consent-category';
const URA = 'http://fhir.nl/fhir/NamingSystem/ura';
const ROLE_KINDS = ['need-to-know', 'very-restricted-access', 'record-legal-ground'];
const PAGE_SIZE = 25;
const CSV_PAGE = 1000, CSV_LIMIT = 100000; // the report's largest page and deepest offset

const $ = selector => document.querySelector(selector);
const state = { token: null, me: null, roles: new Map(), purposes: [], policy: null, policyForm: null,
  events: [], page: 0, client: null };

// ---------- helpers
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'class') element.className = value; else if (key.startsWith('data-')) element.setAttribute(key, value);
    else element[key] = value;
  }
  for (const child of children.flat()) element.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  return element;
}

function status(text) { $('#status').textContent = text; }

class ApiError extends Error {
  constructor(status, outcome) {
    super((outcome?.issue || []).map(i => i.diagnostics || i.details?.text || i.code).join('; ') || `HTTP ${status}`);
    this.status = status; this.outcome = outcome;
  }
}

async function api(method, path, body, contentType = 'application/fhir+json') {
  const headers = { Accept: 'application/fhir+json', Authorization: `Bearer ${state.token}` };
  const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    init.body = contentType === 'application/fhir+json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(FHIR + path, init);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && state.me) {
    // the token expired or was withdrawn: forget it and ask for a new sign-in
    forgetSession();
    $('#signin-error').textContent = t.sessionExpired;
  }
  if (!response.ok) throw new ApiError(response.status, json?.resourceType === 'OperationOutcome' ? json : null);
  return json;
}

// A search through POST _search: values (names, BSNs, references) stay out of URLs and access logs.
function search(type, params) {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) form.append(key, value);
  return api('POST', `/${type}/_search`, form.toString(), 'application/x-www-form-urlencoded');
}

function operation(path, params) {
  // a plain value is a string; an object gives its FHIR type, e.g. { valueDate: '2027-01-31' }
  const parameter = Object.entries(params).filter(([, v]) => v)
    .map(([name, v]) => (typeof v === 'object' ? { name, ...v } : { name, valueString: v }));
  return api('POST', path, { resourceType: 'Parameters', parameter });
}

const param = (parameters, name) => (parameters?.parameter || []).filter(p => p.name === name);
const value = p => p && (p.valueString ?? p.valueCode ?? p.valueBoolean ?? p.valueInteger ?? p.valueDateTime
  ?? p.valueReference?.reference ?? (p.valueCoding && p.valueCoding.code));
const part = (p, name) => value((p.part || []).find(x => x.name === name));
const parts = (p, name) => (p.part || []).filter(x => x.name === name).map(value);
const roleName = code => (state.roles.get(code)?.display ? `${state.roles.get(code).display} (${code})` : code);
const when = iso => iso ? new Date(iso).toLocaleString(document.documentElement.lang) : '';

// ---------- sign-in
async function showSignIn() {
  show('signin');
  state.oidc = await signInOptions();
  $('#oidc-signin').hidden = !state.oidc;
  try {
    const response = await fetch('/console/dev-sign-in', { headers: { Accept: 'application/json' }, credentials: 'omit' });
    if (response.ok) {
      const presets = await response.json();
      $('#dev-preset').replaceChildren(...presets.map(p => el('option', { value: p.id }, p[document.documentElement.lang] || p.en)));
      $('#dev-signin').hidden = false;
    }
  } catch { /* no dev sign-in here */ }
}

async function devSignIn(event) {
  event.preventDefault();
  const response = await fetch('/console/dev-sign-in', { method: 'POST', credentials: 'omit',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ preset: $('#dev-preset').value }) });
  if (!response.ok) { $('#signin-error').textContent = `${t.failed} (${response.status})`; return; }
  await signIn((await response.json()).access_token);
}

async function oidcSignIn(event) {
  event.preventDefault();
  $('#signin-error').textContent = '';
  try {
    await beginSignIn(state.oidc);
  } catch (error) {
    $('#signin-error').textContent = `${t.failed}: ${error.message}`;
  }
}

async function returnFromProvider(answer) {
  let token;
  try {
    token = await completeSignIn(answer);
  } catch (error) {
    await showSignIn();
    $('#signin-error').textContent = `${t.failed}: ${error.message}`;
    return;
  }
  await signInOrShowSignIn(token);
}

async function signInOrShowSignIn(token) {
  await signIn(token);
  if (!state.me) {
    const error = $('#signin-error').textContent;
    await showSignIn();
    $('#signin-error').textContent = error;
  }
}

async function signIn(token) {
  state.token = token;
  // every role needs the code lists: asked for beside $requester (one round trip less on the first sign-in)
  const codes = loadCodes();
  codes.catch(() => {}); // a refused token is answered by $requester below
  try {
    const me = await api('GET', '/$requester');
    state.me = { internal: value(param(me, 'internal')[0]), role: value(param(me, 'role')[0]),
      ura: param(me, 'organization')[0]?.valueIdentifier?.value,
      name: value(param(me, 'userName')[0]) || value(param(me, 'user')[0]), fhirUser: value(param(me, 'fhirUser')[0]) };
  } catch (error) {
    state.token = null;
    $('#signin-error').textContent = `${t.failed}: ${error.message}`;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('#token-input').value = '';
  $('#signin-error').textContent = '';
  await start(codes);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  // with an identity provider session, end it there too; the provider sends the browser back to the sign-in
  if (endSession()) return;
  forgetSession();
}

// Forgets the token and everything shown with it, and shows the sign-in.
function forgetSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  Object.assign(state, { token: null, me: null, policy: null, policyForm: null, events: [], client: null });
  policyLoads++; // a load still under way renders nothing after sign-out
  for (const id of ['#policy-history tbody', '#log-events tbody', '#log-groups tbody', '#client-results', '#consent-timeline'])
    $(id).replaceChildren();
  for (const id of ['#sim-result', '#overview', '#who', '#log-summary', '#log-verify-result']) $(id).textContent = '';
  $('#client-detail').hidden = true;
  $('#tabs').hidden = true; $('#sign-out').hidden = true;
  showSignIn();
}

// ---------- views
function show(view) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== `view-${view}`;
  $('#loading').hidden = true;
  for (const tab of document.querySelectorAll('#tabs button')) tab.setAttribute('aria-current', tab.dataset.view === view ? 'page' : 'false');
}

async function start(codes) {
  const officer = state.me.internal && state.me.role === 'privacy-officer';
  $('#who').textContent = t.signedInAs(state.me.name || '', state.me.role ? roleName(state.me.role) : '');
  $('#sign-out').hidden = false;
  $('#tabs').hidden = false;
  for (const tab of document.querySelectorAll('#tabs button'))
    tab.hidden = tab.dataset.view === 'clients' ? !state.me.internal : !officer;
  // the policy and its versions are fetched while the code lists load (one round trip less at sign-in)
  const policy = officer ? fetchPolicy() : null;
  policy?.catch(() => {}); // answered by loadPolicy below; not an unhandled rejection meanwhile
  await codes;
  $('#who').textContent = t.signedInAs(state.me.name || '', state.me.role ? roleName(state.me.role) : '');
  if (officer) { show('policy'); await loadPolicy(policy); } else if (state.me.internal) show('clients');
  else { show('signin'); $('#signin-error').textContent = t.forbidden; }
}

async function expand(url) {
  const valueSet = await api('GET', `/ValueSet/$expand?url=${encodeURIComponent(url)}`);
  return valueSet.expansion?.contains || [];
}

async function loadCodes() {
  if (state.roles.size) return;
  // One after the other, beside $requester and the policy: on a server that has just started, four expansions at once
  // competed with that search for the cores (measured with 10,000 clients: 0.4 s each at once, 0.13 s for all four
  // in a row).
  const lists = [];
  for (const name of ['practitioner-role', 'local-role', 'purpose-of-use', 'legal-ground-without-consent'])
    lists.push(await expand(`http://sluis.nl/fhir/ValueSet/${name}`));
  const [uzi, local, purposes, grounds] = lists;
  $('#ground-code').replaceChildren(...grounds.map(g => el('option', { value: g.code }, `${g.display} (${g.code})`)));
  for (const c of [...local, ...uzi]) state.roles.set(c.code, { system: c.system, display: c.display });
  state.purposes = purposes;
  const roleOptions = () => [...state.roles.keys()].map(code => el('option', { value: code }, roleName(code)));
  for (const select of document.querySelectorAll('select.role-choice')) select.replaceChildren(...roleOptions());
  for (const select of document.querySelectorAll('select.purpose-choice'))
    select.replaceChildren(...purposes.map(p => el('option', { value: p.code }, `${p.code} — ${p.display}`)));
  $('#purposes').replaceChildren($('#purposes legend'), ...purposes.map(p => el('label', {},
    el('input', { type: 'checkbox', name: 'purpose', value: p.code }), ` ${p.code} — ${p.display}`)));
}

// ---------- organisation policy
function policyRules(consent) {
  const form = { 'need-to-know': [], 'very-restricted-access': [], 'record-legal-ground': [], purposes: [], minor: 'both' };
  if (!consent) return form;
  for (const rule of consent.provision?.provision || []) {
    const kind = (rule.code || []).flatMap(c => c.coding || []).find(c => c.system === RULE_KIND)?.code;
    const roles = (rule.extension || []).filter(e => e.url === ROLE_EXT).flatMap(e => e.valueCodeableConcept?.coding || []).map(c => c.code);
    if (ROLE_KINDS.includes(kind)) form[kind].push(...roles);
    if (kind === 'external-purpose') form.purposes.push(...(rule.purpose || []).map(p => p.code));
  }
  form.minor = (consent.extension || []).find(e => e.url === MINOR_EXT)?.valueCode || 'both';
  return form;
}

// The policy in force and its versions, newest first, in one request ($organisation-policy: the record the server
// decides with; before, a search and an instance history, the slowest part of the first sign-in after a start).
async function fetchPolicy() {
  const bundle = await api('GET', '/Consent/$organisation-policy');
  const versions = (bundle.entry || []).map(e => e.resource).filter(Boolean);
  return { policy: versions[0] || null, versions };
}

// Loads may overlap (sign-in, then the policy tab): only the latest one renders, and it keeps the officer's unsaved
// edits while the active version is the one they were made on (a reload must not silently undo a click). The view
// is aria-busy while a load is under way.
let policyLoads = 0;
async function loadPolicy(fetched = fetchPolicy()) {
  const load = ++policyLoads;
  $('#view-policy').setAttribute('aria-busy', 'true');
  try {
    const { policy, versions } = await fetched;
    if (load !== policyLoads) return;
    const edited = hasPendingChanges();
    const sameVersion = policy?.id === state.policy?.id && policy?.meta?.versionId === state.policy?.meta?.versionId;
    state.policy = policy;
    if (!(edited && sameVersion)) {
      if (edited) $('#policy-message').textContent = t.policyChangedMeanwhile(policy?.meta?.versionId ?? '—');
      state.policyForm = policyRules(state.policy);
      renderPolicyForm();
    }
    $('#policy-status').textContent = state.policy
      ? t.policyVersion(state.policy.meta.versionId, when(state.policy.meta.lastUpdated)) : t.noPolicy;
    renderHistory(versions);
  } finally {
    if (load === policyLoads) $('#view-policy').setAttribute('aria-busy', 'false');
  }
}

function hasPendingChanges() {
  return Boolean(state.policy && state.policyForm)
    && describeChange(policyRules(state.policy), readPolicyForm()) !== t.noChange;
}

function renderPolicyForm() {
  const form = state.policyForm;
  for (const kind of ROLE_KINDS) {
    $(`#roles-${kind}`).replaceChildren(...form[kind].map(code => el('li', { 'data-code': code }, roleName(code), ' ',
      el('button', { type: 'button', className: 'remove-role', onclick: () => { form[kind] = form[kind].filter(c => c !== code); renderPolicyForm(); } },
        `${t.remove} ${code}`))));
  }
  for (const box of document.querySelectorAll('#purposes input')) box.checked = form.purposes.includes(box.value);
  for (const radio of document.querySelectorAll('input[name=minor-mode]')) radio.checked = radio.value === form.minor;
  showPendingChanges();
}

// Before saving: the edited rules against the active version (their effect on a decision: previewDecision).
function showPendingChanges() {
  const edited = readPolicyForm();
  const text = state.policy ? describeChange(policyRules(state.policy), edited) : t.initialVersion;
  $('#policy-pending').textContent = text === t.noChange ? t.pendingNone : t.pending(text);
}

function addRole(event) {
  const fieldset = event.target.closest('fieldset');
  const kind = fieldset.dataset.kind;
  const code = fieldset.querySelector('select').value;
  if (code && !state.policyForm[kind].includes(code)) state.policyForm[kind].push(code);
  renderPolicyForm();
}

function readPolicyForm() {
  const form = state.policyForm;
  form.purposes = [...document.querySelectorAll('#purposes input:checked')].map(b => b.value);
  form.minor = document.querySelector('input[name=minor-mode]:checked')?.value || 'both';
  return form;
}

function roleCoding(code) {
  const role = state.roles.get(code);
  return { system: role?.system || (/^\d\d\.\d{3}$/.test(code) ? UZI : LOCAL_ROLE), code, display: role?.display };
}

function policyResource(base, form) {
  const consent = base ? structuredClone(base) : {
    resourceType: 'Consent', status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: CONSENT_CATEGORY, code: 'organisation-policy' }] }],
    policy: [{ authority: 'https://wetten.overheid.nl', uri: 'https://wetten.overheid.nl/BWBR0005290' }],
    provision: { type: 'deny', provision: [] } };
  delete consent.meta; delete consent.text;
  consent.dateTime = new Date().toISOString();
  if (state.me.fhirUser && /^(PractitionerRole|Practitioner)\//.test(state.me.fhirUser))
    consent.performer = [{ reference: state.me.fhirUser, display: state.me.name }];
  consent.extension = (consent.extension || []).filter(e => e.url !== MINOR_EXT);
  consent.extension.push({ url: MINOR_EXT, valueCode: form.minor });
  const kindOf = rule => (rule.code || []).flatMap(c => c.coding || []).find(c => c.system === RULE_KIND)?.code;
  const kept = (consent.provision.provision || []).filter(rule => ![...ROLE_KINDS, 'external-purpose'].includes(kindOf(rule)));
  const rule = (kind, extra) => ({ type: 'permit', ...extra, code: [{ coding: [{ system: RULE_KIND, code: kind }] }] });
  const rules = ROLE_KINDS.filter(kind => form[kind].length).map(kind => rule(kind, {
    extension: form[kind].map(code => ({ url: ROLE_EXT, valueCodeableConcept: { coding: [roleCoding(code)] } })),
    ...(kind === 'very-restricted-access' ? { securityLabel: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'V' }] } : {}) }));
  if (form.purposes.length) rules.push(rule('external-purpose', { purpose: form.purposes.map(code => ({ system: ACT_REASON, code })) }));
  consent.provision.provision = [...kept, ...rules];
  return consent;
}

// The edited policy tried on one sample before saving: the server decides twice, under the active policy and
// under the draft (sent with the request, never stored), and the page shows both.
async function previewDecision() {
  const target = $('#preview-result');
  const sample = { resource: $('#preview-resource').value.trim(), organization: $('#preview-organization').value.trim(),
    role: $('#preview-role').value, purpose: $('#preview-purpose').value };
  if (!sample.resource || !sample.organization) {
    target.replaceChildren(el('p', { class: 'error', id: 'preview-error' }, t.previewMissing));
    return;
  }
  target.replaceChildren(el('p', {}, t.loading));
  try {
    const draft = policyResource(state.policy, readPolicyForm());
    const [active, proposed] = await Promise.all([operation('/$explain-disclosure', sample),
      operation('/$explain-disclosure', { ...sample, policy: { resource: draft } })]);
    const outcome = result => value(param(result, 'outcome')[0]);
    const row = (id, label, result) => el('tr', {}, el('th', { scope: 'row' }, label),
      el('td', { id, class: `outcome ${outcome(result)}` }, outcome(result)), el('td', {}, value(param(result, 'reason')[0])));
    target.replaceChildren(el('table', { id: 'preview-table' }, el('tbody', {},
      row('preview-active', t.previewActive, active), row('preview-draft', t.previewDraft, proposed))),
      el('p', { id: 'preview-verdict' }, outcome(active) === outcome(proposed) ? t.previewSame : t.previewChanged));
  } catch (error) {
    target.replaceChildren(el('p', { class: 'error', id: 'preview-error' }, `${t.failed} (${error.status}): ${error.message}`));
  }
}

async function savePolicy(event) {
  event.preventDefault();
  const form = readPolicyForm();
  const resource = policyResource(state.policy, form);
  $('#policy-message').textContent = '';
  try {
    const saved = state.policy ? await api('PUT', `/Consent/${state.policy.id}`, resource) : await api('POST', '/Consent', resource);
    $('#policy-message').textContent = t.saved(saved.meta.versionId);
    state.policy = saved; // the form now is this version: nothing pending when the reload arrives
    await loadPolicy();
  } catch (error) {
    $('#policy-message').textContent = `${t.failed} (${error.status}): ${error.message}`;
  }
}

function describeChange(before, after) {
  if (!before) return t.initialVersion;
  const changes = [];
  for (const kind of [...ROLE_KINDS, 'purposes']) {
    const added = after[kind].filter(c => !before[kind].includes(c)), removed = before[kind].filter(c => !after[kind].includes(c));
    if (added.length || removed.length) changes.push(`${kind}: ${[...added.map(c => `+${c}`), ...removed.map(c => `−${c}`)].join(', ')}`);
  }
  if (before.minor !== after.minor) changes.push(`12–15: ${before.minor} → ${after.minor}`);
  return changes.join('; ') || t.noChange;
}

function renderHistory(versions) {
  const body = $('#policy-history tbody');
  versions.sort((a, b) => Number(b.meta.versionId) - Number(a.meta.versionId));
  body.replaceChildren(...versions.map((version, i) => {
    const older = versions[i + 1];
    return el('tr', {}, el('td', {}, version.meta.versionId), el('td', {}, when(version.meta.lastUpdated)),
      el('td', {}, (version.performer || []).map(p => p.display || p.reference).join(', ')),
      el('td', {}, describeChange(older && policyRules(older), policyRules(version))));
  }));
}

// ---------- decision simulator
async function simulate(event) {
  event.preventDefault();
  const target = $('#sim-result');
  target.replaceChildren();
  try {
    const result = await operation('/$explain-disclosure', { resource: $('#sim-resource').value.trim(),
      organization: $('#sim-organization').value.trim(), role: $('#sim-role').value, purpose: $('#sim-purpose').value,
      user: $('#sim-user').value.trim(), date: $('#sim-on').value ? { valueDate: $('#sim-on').value } : '' });
    const outcome = value(param(result, 'outcome')[0]);
    const basis = param(result, 'basis').filter(b => part(b, 'kind') !== 'GROUND_NOT_USED');
    // a ground considered and not used: its reference and why (the engine's words, translated when known)
    const notUsed = param(result, 'basis').filter(b => part(b, 'kind') === 'GROUND_NOT_USED');
    const why = detail => (detail && t.whyNotUsed[detail]) || detail || '';
    target.append(el('dl', {},
      el('dt', {}, t.decision), el('dd', { id: 'sim-outcome', class: `outcome ${outcome}` }, outcome),
      el('dt', {}, t.disclosed), el('dd', {}, value(param(result, 'disclosed')[0]) ? t.yes : t.no),
      el('dt', {}, t.obligations), el('dd', {}, param(result, 'obligation').map(value).join(', ') || '—'),
      el('dt', {}, t.reason), el('dd', { id: 'sim-reason' }, value(param(result, 'reason')[0])),
      el('dt', {}, t.basis), el('dd', {}, el('ul', { id: 'sim-basis' }, basis.map(b =>
        el('li', {}, `${part(b, 'kind')}: ${part(b, 'ref')}${part(b, 'detail') ? ` — ${part(b, 'detail')}` : ''}`)))),
      el('dt', {}, t.notUsed), el('dd', {}, notUsed.length
        ? el('ul', { id: 'sim-not-used' }, notUsed.map(b => el('li', { 'data-ref': part(b, 'ref') },
          el('span', { class: 'ref' }, part(b, 'ref')), ': ', why(part(b, 'detail')))))
        : el('p', { id: 'sim-not-used-none' }, t.noneNotUsed)),
      el('dt', {}, t.decidedOn), el('dd', { id: 'sim-date' }, value(param(result, 'date')[0]))),
      el('p', { class: 'note' }, t.asOfToday));
  } catch (error) {
    target.append(el('p', { class: 'error', id: 'sim-error' }, `${t.failed} (${error.status}): ${error.message}`));
  }
}

// ---------- disclosure log
// The server counts and groups every match and sends one page of events at a time (newest first).
function logFilters() {
  return { start: $('#log-start').value, end: $('#log-end').value, patient: $('#log-patient').value.trim(),
    organization: $('#log-organization').value.trim(), outcome: $('#log-outcome').value, ground: $('#log-ground').value.trim(),
    basis: $('#log-basis').value.trim() };
}

const logRow = e => ({ event: part(e, 'event'), recorded: part(e, 'recorded'), patient: part(e, 'patient'),
  organization: part(e, 'organization'), outcome: part(e, 'outcome'), ground: part(e, 'ground'), purpose: part(e, 'purpose'),
  basis: parts(e, 'basis').join(' '), data: part(e, 'dataCount') });

function logPage(filters, page, size = PAGE_SIZE) {
  return operation('/$disclosure-report', { ...filters, _count: { valueInteger: size },
    _offset: page ? { valueInteger: page * size } : '', _sort: '-date' });
}

async function searchLog(event) {
  event?.preventDefault();
  state.filters = logFilters();
  state.page = 0;
  try {
    const report = await logPage(state.filters, 0);
    $('#log-groups tbody').replaceChildren(...param(report, 'group').map(g => el('tr', {},
      el('td', {}, [part(g, 'organization'), part(g, 'organizationName')].filter(Boolean).join(' — ')),
      el('td', {}, part(g, 'ground')), el('td', {}, part(g, 'count')))));
    state.total = value(param(report, 'total')[0]) || 0;
    $('#log-summary').textContent = t.events(state.total);
    $('#log-csv').disabled = state.total === 0;
    renderLogPage(report);
  } catch (error) {
    $('#log-summary').textContent = `${t.failed} (${error.status}): ${error.message}`;
  }
}

async function turnLogPage(step) {
  state.page += step;
  try {
    renderLogPage(await logPage(state.filters, state.page));
  } catch (error) {
    state.page -= step;
    $('#log-summary').textContent = `${t.failed} (${error.status}): ${error.message}`;
  }
}

function renderLogPage(report) {
  const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
  $('#log-events tbody').replaceChildren(...param(report, 'event').map(logRow).map(r => el('tr', {},
    el('td', {}, when(r.recorded)), el('td', {}, r.patient), el('td', {}, r.organization), el('td', {}, r.outcome),
    el('td', {}, r.ground), el('td', {}, r.purpose), el('td', {}, r.basis), el('td', {}, r.data), el('td', {}, r.event))));
  $('#log-page').textContent = t.page(state.page + 1, pages);
  $('#log-prev').disabled = state.page === 0;
  $('#log-next').disabled = state.page + 1 >= pages;
}

function csvCell(text) {
  let s = String(text ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formulas when opened in a spreadsheet
  return /[",\n;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// Every matching event, fetched a thousand at a time (up to the server's deepest page: narrow the period for more).
async function exportCsv() {
  const columns = ['recorded', 'patient', 'organization', 'outcome', 'ground', 'purpose', 'basis', 'data', 'event'];
  const rows = [];
  $('#log-csv').disabled = true;
  try {
    for (let page = 0; page * CSV_PAGE < Math.min(state.total, CSV_LIMIT); page++) {
      rows.push(...param(await logPage(state.filters, page, CSV_PAGE), 'event').map(logRow));
    }
  } catch (error) {
    $('#log-summary').textContent = `${t.failed} (${error.status}): ${error.message}`;
    return;
  } finally {
    $('#log-csv').disabled = false;
  }
  const lines = [columns.join(','), ...rows.map(r => columns.map(c => csvCell(r[c])).join(','))];
  const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
  const link = el('a', { href: url, download: 'sluis-disclosures.csv' });
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function verifyChain() {
  const target = $('#log-verify-result');
  target.textContent = t.loading;
  try {
    const result = await api('GET', '/$verify-audit-chain');
    target.className = value(param(result, 'valid')[0]) ? 'ok' : 'error';
    target.textContent = value(param(result, 'valid')[0]) ? t.chainValid(value(param(result, 'events')[0]))
      : t.chainBroken(value(param(result, 'brokenEvent')[0]) || value(param(result, 'brokenSequence')[0]), value(param(result, 'problem')[0]));
  } catch (error) {
    target.className = 'error'; target.textContent = `${t.failed} (${error.status}): ${error.message}`;
  }
}

async function overview(event) {
  event.preventDefault();
  const target = $('#overview');
  const patient = $('#overview-patient').value.trim().replace(/^Patient\//, '');
  target.replaceChildren();
  try {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(patient)) throw new ApiError(400, null);
    const result = await operation(`/Patient/${patient}/$disclosure-overview`, {});
    const rows = param(result, 'disclosure');
    const names = [...new Set(rows.flatMap(r => (r.part || []).map(p => p.name)))];
    target.append(el('h4', {}, t.overviewFor(`Patient/${patient}`)), rows.length ? el('table', { id: 'overview-table' },
      el('thead', {}, el('tr', {}, names.map(n => el('th', {}, n)))),
      el('tbody', {}, rows.map(r => el('tr', {}, names.map(n => el('td', {}, parts(r, n).join(', '))))))) : el('p', {}, t.none));
    $('#overview-print').disabled = false;
  } catch (error) {
    target.append(el('p', { class: 'error' }, `${t.failed} (${error.status}): ${error.message}`));
  }
}

// ---------- clients and consents
function age(birthDate, on = new Date()) {
  if (!birthDate) return null;
  const born = new Date(birthDate);
  let years = on.getFullYear() - born.getFullYear();
  if (on.getMonth() < born.getMonth() || (on.getMonth() === born.getMonth() && on.getDate() < born.getDate())) years--;
  return years;
}

function ageRule(years) {
  if (years === null) return t.unknownAge;
  const rule = years < 12 ? t.ruleUnder12 : years < 16
    ? ((state.policyForm?.minor || 'both') === 'child-only' ? t.rule12to15child : t.rule12to15both) : t.rule16;
  return t.age(years, rule);
}

const humanName = patient => {
  const name = (patient.name || []).find(n => n.use === 'official') || patient.name?.[0];
  return name ? [...(name.given || []), name.family].filter(Boolean).join(' ') || name.text : patient.id;
};

async function searchClients(event) {
  event.preventDefault();
  const name = $('#client-name').value.trim(), bsn = $('#client-bsn').value.trim(), birthdate = $('#client-birthdate').value;
  $('#client-results').replaceChildren();
  $('#client-detail').hidden = true;
  if (!name && !bsn && !birthdate) { $('#client-message').textContent = t.fillSomething; return; }
  try {
    const bundle = await search('Patient', { name, birthdate, identifier: bsn && `http://fhir.nl/fhir/NamingSystem/bsn|${bsn}`, _count: '20' });
    const patients = (bundle.entry || []).map(e => e.resource).filter(r => r?.resourceType === 'Patient');
    $('#client-message').textContent = patients.length ? '' : t.noResults;
    $('#client-results').replaceChildren(...patients.map(p => el('li', {}, el('button', { type: 'button', class: 'client-choice',
      onclick: () => selectClient(p) }, `${humanName(p)} — ${p.birthDate || '?'}`))));
  } catch (error) {
    $('#client-message').textContent = `${t.failed} (${error.status}): ${error.message}`;
  }
}

async function selectClient(patient) {
  state.client = patient;
  $('#client-detail').hidden = false;
  $('#client-name-heading').textContent = `${humanName(patient)} (${patient.birthDate || '?'})`;
  $('#client-age-rule').textContent = ageRule(age(patient.birthDate));
  const related = await search('RelatedPerson', { patient: `Patient/${patient.id}`, _count: '20' }).catch(() => null);
  $('#consent-performer').replaceChildren(el('option', { value: `Patient/${patient.id}` }, `${humanName(patient)} (${t.theClient})`),
    ...(related?.entry || []).map(e => e.resource).filter(Boolean).map(r => el('option', { value: `RelatedPerson/${r.id}` }, humanName(r))));
  $('#consent-start').value = new Date().toISOString().slice(0, 10);
  cancelRenewal();
  $('#ground-start').value = isoDay(new Date());
  $('#ground-end').value = isoDay(daysLater(new Date(), 30));
  await Promise.all([loadConsents(), loadClientRecords()]);
  $('#client-name-heading').focus?.();
}

function describeActor(actor) {
  const r = actor.reference || {};
  return r.display || r.reference || (r.identifier ? `URA ${r.identifier.value}` : '?');
}

async function loadConsents() {
  const bundle = await search('Consent', { patient: `Patient/${state.client.id}`, _count: '100' });
  const consents = (bundle.entry || []).map(e => e.resource).filter(r => r?.resourceType === 'Consent')
    .sort((a, b) => (b.dateTime || '').localeCompare(a.dateTime || ''));
  $('#consent-timeline').replaceChildren(...consents.map(c => {
    const p = c.provision || {};
    const ground = c.policyRule?.coding?.[0]?.code || 'consent';
    const item = el('li', { class: `consent ${c.status}`, 'data-id': c.id },
      el('strong', {}, `${c.dateTime ? c.dateTime.slice(0, 10) : ''} — ${ground} — ${t.status}: `, el('span', { class: 'consent-status' }, c.status)),
      el('div', {}, `${t.performer}: ${(c.performer || []).map(x => x.display || x.reference).join(', ')}`),
      el('div', {}, `${t.recipient}: ${(p.actor || []).map(describeActor).join(', ')}`),
      el('div', {}, `${t.purpose}: ${(p.purpose || []).map(x => x.code).join(', ')}`),
      el('div', {}, `${t.data}: ${[...(p.class || []).map(x => x.code), ...(p.data || []).map(d => d.reference?.reference)].join(', ')}`),
      el('div', {}, `${t.period}: ${p.period?.start || ''} – ${p.period?.end || ''}`));
    const deliberation = (c.extension || []).find(e => e.url === DELIBERATION_EXT)?.valueReference?.reference;
    if (deliberation) item.append(el('div', { class: 'consent-deliberation' }, `${t.deliberation}: ${deliberation}`));
    if (c.status === 'active') item.append(el('button', { type: 'button', class: 'consent-revoke', onclick: () => revoke(c) }, t.revoke));
    if (ground === 'consent') item.append(' ', el('button', { type: 'button', class: 'consent-renew', onclick: () => startRenewal(c) }, t.renew));
    return item;
  }));
}

const FIELD_ERRORS = [['Consent.performer', 'performer'], ['Consent.provision.actor', 'actor'],
  ['Consent.provision.purpose', 'purpose'], ['Consent.provision.class', 'class'], ['Consent.provision.data', 'class'],
  ['Consent.provision.period', 'period']];
const GROUND_FIELD_ERRORS = [['Consent.extension', 'deliberation'], ['Consent.policyRule', 'policyRule'],
  ['Consent.provision.actor', 'actor'], ['Consent.provision.purpose', 'purpose'], ['Consent.provision.class', 'data'],
  ['Consent.provision.data', 'data'], ['Consent.provision.period', 'period']];

// A 422's issues next to the fields their expression names (the rest above the form).
function showFieldErrors(error, form = '#consent-form', fields = FIELD_ERRORS, slot = 'error-') {
  for (const span of document.querySelectorAll(`${form} .field-error`)) span.textContent = '';
  $(`${form}-error`).textContent = '';
  const general = [];
  for (const issue of error?.outcome?.issue || []) {
    if (issue.severity !== 'error' && issue.severity !== 'fatal') continue;
    const expression = (issue.expression || issue.location || [])[0] || '';
    const match = fields.find(([prefix]) => expression.startsWith(prefix));
    const text = issue.diagnostics || issue.details?.text || issue.code;
    if (match) $(`#${slot}${match[1]}`).textContent += `${text} `; else general.push(text);
  }
  if (error && (general.length || !error.outcome)) $(`${form}-error`).textContent = `${t.failed} (${error.status}): ${general.join('; ') || error.message}`;
}

const isoDay = date => date.toISOString().slice(0, 10);
const daysLater = (date, days) => new Date(date.getTime() + days * 86400000);
const ZORGSIGNAAL = 'http://sluis.nl/fhir/Questionnaire/zorgsignaal';
const INSCHATTING = 'http://sluis.nl/fhir/Questionnaire/inschatting-situatie-risicos';
const AFWEGING = 'http://sluis.nl/fhir/Questionnaire/afweging-wettelijke-grondslag';

// The client's concerns and assessments (the data a legal ground may name) and completed weighings (what it rests on).
async function loadClientRecords() {
  const bundle = await search('QuestionnaireResponse', { subject: `Patient/${state.client.id}`, _count: '50' }).catch(() => null);
  const responses = (bundle?.entry || []).map(e => e.resource).filter(r => r?.resourceType === 'QuestionnaireResponse');
  const records = responses.filter(r => [ZORGSIGNAAL, INSCHATTING].includes(r.questionnaire));
  const label = r => `${r.questionnaire === INSCHATTING ? t.assessmentRecord : r.questionnaire === AFWEGING ? t.weighingRecord : t.concernRecord} ${(r.authored || '').slice(0, 10)} (QuestionnaireResponse/${r.id})`;
  const weighings = responses.filter(r => r.questionnaire === AFWEGING && ['completed', 'amended'].includes(r.status));
  $('#ground-deliberation').replaceChildren(...weighings.map(r => el('option', { value: `QuestionnaireResponse/${r.id}` }, label(r))));
  $('#ground-data').replaceChildren(...records.map(r => el('label', {},
    el('input', { type: 'checkbox', name: 'ground-data', value: `QuestionnaireResponse/${r.id}` }), ` ${label(r)}`)));
  showFieldErrors(null, '#ground-form', GROUND_FIELD_ERRORS, 'ground-error-');
  if (!weighings.length) $('#ground-form-error').textContent = t.noDeliberation;
  $('#ground-save').disabled = !weighings.length;
}

// A legal ground without consent (profile sluis-Consent-LegalGround): recorded by the signed-in professional.
async function recordGround(event) {
  event.preventDefault();
  showFieldErrors(null, '#ground-form', GROUND_FIELD_ERRORS, 'ground-error-');
  const performer = state.me.fhirUser;
  if (!performer || !performer.startsWith('PractitionerRole/')) { $('#ground-form-error').textContent = t.noPerformer; return; }
  const ura = $('#ground-recipient').value.trim();
  if (!/^\d{8}$/.test(ura)) { $('#ground-error-actor').textContent = 'URA: 8 digits / 8 cijfers'; return; }
  const data = [...document.querySelectorAll('#ground-data input:checked')].map(box => box.value);
  if (!data.length) { $('#ground-error-data').textContent = t.chooseData; return; }
  const ground = $('#ground-code').selectedOptions[0];
  const consent = { resourceType: 'Consent', status: 'active',
    meta: { profile: ['http://sluis.nl/fhir/StructureDefinition/sluis-Consent-LegalGround'] },
    extension: [{ url: DELIBERATION_EXT,
      valueReference: { reference: $('#ground-deliberation').value } }],
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: CONSENT_CATEGORY, code: 'legal-ground' }] }],
    patient: { reference: `Patient/${state.client.id}` }, dateTime: new Date().toISOString(),
    performer: [{ reference: performer, ...(state.me.name ? { display: state.me.name } : {}) }],
    organization: [{ identifier: { system: URA, value: state.me.ura } }],
    policyRule: { coding: [{ system: 'http://sluis.nl/fhir/CodeSystem/legal-ground', code: ground.value }] },
    provision: { type: 'permit', period: { start: $('#ground-start').value, end: $('#ground-end').value },
      actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] },
        reference: { identifier: { system: URA, value: ura } } }],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose' }] }],
      purpose: [{ system: ACT_REASON, code: $('#ground-purpose').value }],
      data: data.map(reference => ({ meaning: 'instance', reference: { reference } })) } };
  try {
    await api('POST', '/Consent', consent);
    status(t.groundSaved);
    await loadConsents();
  } catch (error) {
    showFieldErrors(error, '#ground-form', GROUND_FIELD_ERRORS, 'ground-error-');
  }
}

// Renewing: the consent form, filled in from the old consent; saving records a new one and revokes the old.
function startRenewal(consent) {
  const p = consent.provision || {};
  state.renewing = consent;
  $('#consent-recipient').value = (p.actor || []).map(a => a.reference?.identifier?.value).find(Boolean) || '';
  if (p.purpose?.[0]?.code) $('#consent-purpose').value = p.purpose[0].code;
  if (p.class?.[0]?.code) $('#consent-class').value = p.class[0].code;
  const today = new Date();
  $('#consent-start').value = isoDay(today);
  const start = p.period?.start && new Date(p.period.start), end = p.period?.end && new Date(p.period.end);
  $('#consent-end').value = start && end ? isoDay(daysLater(today, Math.round((end - start) / 86400000))) : '';
  $('#consent-renewing').textContent = t.renewing(consent.id);
  $('#consent-renewing').hidden = false;
  $('#consent-renew-cancel').hidden = false;
  $('#consent-form-title').textContent = t.renewConsent;
  $('#consent-performer').focus();
}

function cancelRenewal() {
  state.renewing = null;
  $('#consent-renewing').hidden = true;
  $('#consent-renew-cancel').hidden = true;
  $('#consent-form-title').textContent = t.recordConsent;
}

async function recordConsent(event) {
  event.preventDefault();
  const today = new Date().toISOString().slice(0, 10);
  const ura = $('#consent-recipient').value.trim();
  const consent = { resourceType: 'Consent', status: 'active',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '64292-6' }] }, { coding: [{ system: CONSENT_CATEGORY, code: 'client-consent' }] }],
    patient: { reference: `Patient/${state.client.id}` }, dateTime: new Date().toISOString(),
    performer: [{ reference: $('#consent-performer').value }],
    policyRule: { coding: [{ system: 'http://sluis.nl/fhir/CodeSystem/legal-ground', code: 'consent' }] },
    provision: { type: 'permit', period: { start: $('#consent-start').value || today, ...($('#consent-end').value ? { end: $('#consent-end').value } : {}) },
      actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] },
        reference: { identifier: { system: URA, value: ura } } }],
      action: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'disclose' }] }],
      purpose: [{ system: ACT_REASON, code: $('#consent-purpose').value }],
      class: [{ system: 'http://hl7.org/fhir/resource-types', code: $('#consent-class').value }] } };
  showFieldErrors(null);
  if (!/^\d{8}$/.test(ura)) { $('#error-actor').textContent = 'URA: 8 digits / 8 cijfers'; return; }
  try {
    await api('POST', '/Consent', consent);
    if (state.renewing) await withdraw(state.renewing);
    cancelRenewal();
    status(t.consentSaved);
    await loadConsents();
  } catch (error) {
    showFieldErrors(error);
  }
}

// Sets a consent inactive (revoked), unless it already is.
async function withdraw(consent) {
  const current = await api('GET', `/Consent/${consent.id}`);
  if (current.status !== 'active') return;
  current.status = 'inactive';
  delete current.meta; delete current.text;
  await api('PUT', `/Consent/${consent.id}`, current);
}

async function revoke(consent) {
  try {
    await withdraw(consent);
    status(t.consentRevoked);
    await loadConsents();
  } catch (error) {
    status(`${t.failed} (${error.status}): ${error.message}`);
  }
}

// ---------- wiring
function wire() {
  $('#dev-signin').addEventListener('submit', devSignIn);
  $('#oidc-signin').addEventListener('submit', oidcSignIn);
  $('#token-signin').addEventListener('submit', event => { event.preventDefault(); signIn($('#token-input').value.trim()); });
  $('#sign-out').addEventListener('click', signOut);
  for (const tab of document.querySelectorAll('#tabs button')) tab.addEventListener('click', () => {
    show(tab.dataset.view);
    if (tab.dataset.view === 'policy') loadPolicy();
  });
  for (const button of document.querySelectorAll('.add-role')) button.addEventListener('click', addRole);
  $('#policy-form').addEventListener('submit', savePolicy);
  $('#preview-run').addEventListener('click', previewDecision);
  $('#policy-form').addEventListener('change', event => { if (!event.target.matches('.role-choice')) showPendingChanges(); });
  $('#sim-form').addEventListener('submit', simulate);
  $('#log-form').addEventListener('submit', searchLog);
  $('#log-csv').addEventListener('click', exportCsv);
  $('#log-verify').addEventListener('click', verifyChain);
  $('#log-prev').addEventListener('click', () => turnLogPage(-1));
  $('#log-next').addEventListener('click', () => turnLogPage(1));
  $('#overview-form').addEventListener('submit', overview);
  $('#overview-print').addEventListener('click', () => { document.body.classList.add('printing-overview'); window.print(); document.body.classList.remove('printing-overview'); });
  $('#client-form').addEventListener('submit', searchClients);
  $('#consent-form').addEventListener('submit', recordConsent);
  $('#consent-renew-cancel').addEventListener('click', cancelRenewal);
  $('#ground-form').addEventListener('submit', recordGround);
}

translatePage();
wire();
const saved = sessionStorage.getItem(TOKEN_KEY);
(authorizationResponse ? returnFromProvider(authorizationResponse) : saved ? signInOrShowSignIn(saved) : showSignIn()).finally(() => {
  document.body.dataset.readyMs = String(Math.round(performance.now())); // measured by the browser test
  document.body.dataset.ready = 'true';
});
