// Token checks in constant time: both sides are hashed first, so neither the content nor the
// length of the expected token leaks through the time a comparison takes.
import { createHash, randomBytes, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** A fresh admin token: 32 random bytes, URL-safe. */
export const generateToken = (): string => randomBytes(32).toString('base64url');

/** `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match ? match[1] : null;
}

/** Whether the request carries the admin token. */
export function isAdmin(req: IncomingMessage, adminToken: string): boolean {
  const given = bearerToken(req);
  return given !== null && sameSecret(given, adminToken);
}

/**
 * Whether a batch of `appId` with this company token is admitted. No apps listed: any app is
 * (development only; the server says so at start).
 */
export function isAdmittedApp(apps: ReadonlyMap<string, string>, appId: string, token: unknown): boolean {
  if (apps.size === 0) return true;
  const expected = apps.get(appId);
  if (expected === undefined || typeof token !== 'string') return false;
  return sameSecret(token, expected);
}
