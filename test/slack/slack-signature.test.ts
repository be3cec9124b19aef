import { createHmac } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import fc from 'fast-check';
import { signingKey, slackSignatureMatches } from '../../adapters/slack/request-checks';

/**
 * Issue 18: the bot checks Slack's request signatures itself (before Bolt's receiver, whose own check
 * draws random bytes and computes three HMACs per request). The rule is Slack's: `v0=` + hex
 * HMAC-SHA256(secret, `v0:<timestamp>:<body>`). Proven against Bolt's own check as the oracle: every
 * correctly signed request passes both; any change to the body, secret, timestamp or signature fails
 * ours; and ours never accepts what Bolt refuses.
 */
const NOW = 1_800_000_000;
const sign = (secret: string, ts: string, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
const bolt = (secret: string, ts: string, signature: string, body: string) =>
  isValidSlackRequest({ signingSecret: secret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(ts) }, nowMilliseconds: NOW * 1000 });
const ours = (secret: string, ts: string, signature: string | undefined, body: string) => slackSignatureMatches(signingKey(secret), ts, signature, Buffer.from(body));

// any characters: the key is the secret's UTF-8 bytes, as Slack's and Bolt's
const secret = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const body = fc.string({ unit: 'grapheme', maxLength: 300 });
const ts = fc.integer({ min: NOW - 299, max: NOW + 299 }).map(String);

test('a correctly signed request passes, as it passes Bolt\'s check', () => {
  fc.assert(fc.property(secret, ts, body, (s, t, b) => {
    const signature = sign(s, t, b);
    expect(bolt(s, t, signature, b)).toBe(true);
    expect(ours(s, t, signature, b)).toBe(true);
  }));
});

test('any change to the body, the secret, the timestamp or the signature is refused', () => {
  fc.assert(fc.property(secret, ts, body, fc.string({ minLength: 1, maxLength: 5 }), fc.nat(63), (s, t, b, extra, at) => {
    const signature = sign(s, t, b);
    expect(ours(s, t, signature, b + extra)).toBe(false);
    expect(ours(s + extra, t, signature, b)).toBe(false);
    expect(ours(s, String(Number(t) + 1), signature, b)).toBe(false);
    const hex = signature.slice(3);
    const flipped = hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
    for (const bad of [`v0=${flipped}`, `v1=${hex}`, hex, `v0=${hex.toUpperCase()}`, `${signature}=`, `${signature} `, '', undefined]) {
      if (bad === `v0=${hex.toUpperCase()}` && hex === hex.toUpperCase()) continue;
      expect([bad, ours(s, t, bad, b)]).toEqual([bad, false]);
    }
  }));
});

test('ours never accepts a signature Bolt refuses', () => {
  // the right signature, one with something added, or any string at all
  const shape = fc.oneof(fc.constant({ add: '' }), fc.record({ add: fc.string({ minLength: 1, maxLength: 6 }) }), fc.record({ any: fc.string({ maxLength: 80 }) }));
  fc.assert(fc.property(secret, ts, body, shape, (s, t, b, how) => {
    const sig = 'any' in how ? how.any : sign(s, t, b) + how.add;
    if (ours(s, t, sig, b)) expect(bolt(s, t, sig, b)).toBe(true);
  }));
});
