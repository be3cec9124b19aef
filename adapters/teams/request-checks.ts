/**
 * What the Teams endpoint checks before the Bot Framework SDK sees a request, and how it names a
 * refusal in the log: an id, a size and a reason, never the body, the token or what someone wrote.
 */

/** An id from a request as it may appear in a log line: a few safe characters, at most 64. */
export const logId = (raw: unknown): string => (typeof raw === 'string' && raw ? raw.replace(/[^\w:.@-]/g, '?').slice(0, 64) : '-');

const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']); // the SDK's AuthenticationConstants.AllowedSigningAlgorithms
const CLOCK_TOLERANCE_S = 5 * 60; // the SDK's, for channel tokens
const TOKEN_MAX = 16_384;

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A bearer token that cannot be valid, told without asking the SDK (which prints a stack trace for
 * an expired token and needs the network for anything): the reason, or undefined to let the SDK verify it.
 */
export function tokenProblem(authorization: string | undefined, nowMs: number): string | undefined {
  if (!authorization) return 'no Authorization header';
  const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization);
  if (!m || authorization.length > TOKEN_MAX) return 'not a bearer JSON web token';
  const header = decodePart(m[1]!);
  const payload = decodePart(m[2]!);
  if (!header || !payload) return 'token parts are not JSON';
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) return 'token algorithm not allowed';
  if (typeof header.kid !== 'string') return 'token names no signing key';
  const now = nowMs / 1000;
  if (typeof payload.exp !== 'number' || payload.exp + CLOCK_TOLERANCE_S < now) return 'token expired or without expiry';
  if (typeof payload.nbf === 'number' && payload.nbf - CLOCK_TOLERANCE_S > now) return 'token not valid yet';
  return undefined;
}

/**
 * The HTTP status for a request the SDK could not authenticate: 503 when Microsoft's signing keys could
 * not be fetched (the request may be genuine; the channel retries), 401 for everything else (a forged,
 * foreign or otherwise unverifiable token).
 */
export function authFailure(e: unknown): { status: 401 | 503; reason: string } {
  const err = (e ?? {}) as { name?: string; code?: string; statusCode?: number; type?: string };
  const unreachable = err.name === 'FetchError' || err.type === 'system' || ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET'].includes(err.code ?? '')
    || (typeof err.statusCode === 'number' && err.statusCode >= 500);
  if (unreachable) return { status: 503, reason: `the token signing keys could not be fetched (${err.code ?? err.name ?? 'error'})` };
  return { status: 401, reason: `token not accepted (${err.name && err.name !== 'Error' ? err.name : 'not verified'})` };
}
