// Sign-in through the organisation's OpenID Connect provider: authorization code with PKCE (S256), state and nonce,
// as a public client (no secret). The page reads the provider's endpoints from its discovery document. Tokens stay in
// this tab (sessionStorage) and never enter a URL: the code and state are removed from the address bar at once, and
// sign-out posts the id token to the end-session endpoint in a form body.

const PENDING_KEY = 'sluis.console.oidc.pending';
const SESSION_KEY = 'sluis.console.oidc.session';

// The console's own address, registered at the provider as redirect URI and post-logout redirect URI.
export const consoleUrl = () => `${location.origin}/console`;

const base64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = size => base64url(crypto.getRandomValues(new Uint8Array(size)));

/** The sign-in options the server was configured with ({issuer, client_id, scope}), or null. */
export async function signInOptions() {
  try {
    const response = await fetch('/console/sign-in-options', { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
    return response.ok ? (await response.json()).oidc || null : null;
  } catch { return null; }
}

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
    { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (!response.ok) throw new Error(`discovery: HTTP ${response.status}`);
  const provider = await response.json();
  // OpenID Connect Discovery §4.3: the document must name the issuer we asked (against mix-up)
  if (provider.issuer !== issuer) throw new Error('discovery: another issuer');
  if (!provider.authorization_endpoint || !provider.token_endpoint) throw new Error('discovery: no authorization code flow');
  return provider;
}

/** Sends the browser to the provider's sign-in; it comes back to /console with ?code=&state=. */
export async function beginSignIn(options) {
  const provider = await discover(options.issuer);
  const verifier = random(32);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const pending = { state: random(16), nonce: random(16), verifier, issuer: provider.issuer, clientId: options.client_id,
    tokenEndpoint: provider.token_endpoint, endSessionEndpoint: provider.end_session_endpoint || null };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(provider.authorization_endpoint);
  for (const [name, value] of Object.entries({ response_type: 'code', client_id: options.client_id,
    redirect_uri: consoleUrl(), scope: options.scope, state: pending.state, nonce: pending.nonce,
    code_challenge: challenge, code_challenge_method: 'S256' })) url.searchParams.set(name, value);
  location.assign(url.toString());
}

/**
 * The provider's answer in the address bar (code or error, with state), taken out of it at once so that it never
 * stays in the URL or in the browser's history. Null when this page load is not a return from the provider.
 */
export function takeAuthorizationResponse() {
  const params = new URLSearchParams(location.search);
  if (!params.has('state') || !(params.has('code') || params.has('error'))) return null;
  history.replaceState(null, '', location.pathname);
  return Object.fromEntries(['code', 'state', 'error', 'error_description', 'iss'].map(name => [name, params.get(name)]));
}

function claimsOf(jwt) {
  const payload = (jwt || '').split('.')[1];
  if (!payload) throw new Error('no id token');
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(
    atob(payload.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0))));
}

/**
 * Completes the sign-in: checks the state, exchanges the code (with the PKCE verifier) at the token endpoint and
 * checks the id token's nonce, issuer, audience and expiry. Returns the access token.
 */
export async function completeSignIn(answer) {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending || answer.state !== pending.state) throw new Error('state');
  if (answer.error) throw new Error(answer.error_description || answer.error);
  if (answer.iss && answer.iss !== pending.issuer) throw new Error('iss'); // RFC 9207
  const response = await fetch(pending.tokenEndpoint, { method: 'POST', credentials: 'omit', cache: 'no-store',
    referrerPolicy: 'no-referrer', headers: { Accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: answer.code, redirect_uri: consoleUrl(),
      client_id: pending.clientId, code_verifier: pending.verifier }) });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(tokens.error_description || tokens.error || `HTTP ${response.status}`);
  if (!tokens.access_token || String(tokens.token_type).toLowerCase() !== 'bearer') throw new Error('no access token');
  // The id token came straight from the token endpoint (OpenID Connect Core §3.1.3.7: TLS instead of a signature
  // check); its claims tie it to this sign-in. Only the access token is used with Sluis, which verifies it every time.
  const claims = claimsOf(tokens.id_token);
  const audience = [].concat(claims.aud);
  if (claims.nonce !== pending.nonce || claims.iss !== pending.issuer || !audience.includes(pending.clientId)
      || !(claims.exp * 1000 > Date.now())) throw new Error('id token');
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ idToken: tokens.id_token, clientId: pending.clientId,
    endSessionEndpoint: pending.endSessionEndpoint }));
  return tokens.access_token;
}

/**
 * Forgets the provider session's id token; when the provider advertises an end-session endpoint, signs out there too
 * (a form POST, so the id token is not in a URL) and the provider sends the browser back to the console.
 */
export function endSession() {
  const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!session?.endSessionEndpoint) return false;
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = session.endSessionEndpoint;
  form.hidden = true;
  for (const [name, value] of Object.entries({ id_token_hint: session.idToken, client_id: session.clientId,
    post_logout_redirect_uri: consoleUrl() })) {
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = name; input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
  return true;
}
