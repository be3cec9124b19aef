import { createHmac, timingSafeEqual } from 'node:crypto';

/** The unguessable token of a forum's calendar feed: an HMAC of its id under the bot's secret. */
export function calendarToken(secret: string, municipalityId: string, forumId: string): string {
  return createHmac('sha256', secret).update(`calendar:${municipalityId}/${forumId}`).digest('base64url').slice(0, 32);
}

export function validCalendarToken(secret: string, municipalityId: string, forumId: string, token: string): boolean {
  const expected = Buffer.from(calendarToken(secret, municipalityId, forumId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
