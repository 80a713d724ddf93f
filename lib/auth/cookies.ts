/**
 * The dashboard's own cookies: next-auth's (session token and its chunks, CSRF token, callback
 * URL, OAuth state/PKCE/nonce), with the `__Secure-` / `__Host-` prefixes it adds on https.
 * A leaf module: the capture path uses it to keep these out of captured requests.
 */
const DASHBOARD_COOKIE = /^(?:__Secure-|__Host-)?next-auth\./;

export function isDashboardCookie(name: string): boolean {
  return DASHBOARD_COOKIE.test(name);
}
