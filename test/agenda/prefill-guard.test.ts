import { CONSOLE_SYNTAX } from '../../src/core/model/markup';
import { messages } from '../../src/core/i18n';
import fc from 'fast-check';
import { formToModal } from '../../adapters/slack/from-core';
import { plainTextOfMrkdwn } from '../../adapters/slack/to-core';
import { viewToCard } from '../../adapters/teams/from-core';
import { plainTextOfHtml } from '../../adapters/teams/to-core';
import { findPersonalData } from '../../src/core/model/personal-data-guard';
import { SOURCE_LINK_MAX, sourceLinkOf } from '../../src/core/model/source-link';
import { viewToText } from '../../src/core/model/view';
import { FakeClock, testApp } from '../helpers';

/** A valid fødselsnummer or D-number (check digits computed), in one of the ways people write it. */
const nationalId = fc.record({ day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }), year: fc.integer({ min: 0, max: 99 }), ind: fc.integer({ min: 0, max: 999 }), d: fc.boolean(), sep: fc.constantFrom('', ' ', '.') })
  .map(({ day, month, year, ind, d, sep }) => {
    const base = [d ? day + 40 : day, month, year].map((n) => String(n).padStart(2, '0')).join('') + String(ind).padStart(3, '0');
    const digits = [...base].map(Number);
    const k = (ds: number[], w: number[]) => { const r = 11 - (w.reduce((s, x, i) => s + x * ds[i]!, 0) % 11); return r === 11 ? 0 : r; };
    const k1 = k(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    const k2 = k([...digits, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k1 === 10 || k2 === 10) return undefined;
    const all = `${base}${k1}${k2}`;
    return sep ? `${all.slice(0, 6)}${sep}${all.slice(6)}` : all;
  })
  .filter((x): x is string => x !== undefined);
const phone = fc.record({ n: fc.integer({ min: 20_000_000, max: 99_999_999 }), style: fc.integer({ min: 0, max: 3 }) }).map(({ n, style }) => {
  const s = String(n);
  return [s, `${s.slice(0, 2)} ${s.slice(2, 4)} ${s.slice(4, 6)} ${s.slice(6)}`, `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}`, `+47 ${s}`][style]!;
});
const email = fc.tuple(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8})?$/), fc.stringMatching(/^[a-z]{2,10}$/), fc.constantFrom('no', 'com', 'org')).map(([a, b, c]) => `${a}@${b}.${c}`);
// ordinary words around it (not the amount words the guard lets numbers through with: "kr 20000000", "20000000,-")
const words = fc.array(fc.stringMatching(/^[a-zæøåA-ZÆØÅ.!?]{1,10}$/).filter((w) => !/^(kr|kroner|nok)\b/i.test(w)), { maxLength: 12 }).map((w) => w.join(' '));
/** How the secret sits in the message: as written, in Slack mrkdwn (bold, a link label, a mailto link), or in Teams HTML. */
const wrap = fc.constantFrom(
  (s: string) => s,
  (s: string) => `*${s}*`,
  (s: string) => `<https://example.org|${s}>`,
  (s: string) => (s.includes('@') ? `<mailto:${s}|${s}>` : `_${s}_`),
);

test('no personal data in a message reaches the form, on any platform, however it is written (generated)', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  let checked = 0;
  try {
    await fc.assert(fc.asyncProperty(words, fc.oneof(nationalId, phone, email), wrap, words, fc.boolean(), async (before, secret, how, after, teams) => {
      const raw = `${before} ${how(secret)} ${after}`;
      // each adapter turns its platform's message into plain text first
      const description = teams ? plainTextOfHtml(`<p>${raw.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`) : plainTextOfMrkdwn(raw);
      const reply = await app.bot.handle({ platform: 'slack', userId: 'UPOLITI', channelId: 'CTEAM01', text: 'agenda add', prefill: { description, sourceLink: 'https://kommune.slack.com/archives/CTEAM01/p1700000000000100' } });
      const form = reply.views.find((v) => v.form)!;
      const shown = [JSON.stringify(reply), JSON.stringify(formToModal(form.form!, { kind: 'form' }, messages('nb'))), JSON.stringify(viewToCard(form)), viewToText(form, CONSOLE_SYNTAX)].join('\n');
      const digits = secret.replace(/\D/g, '');
      checked++;
      if (shown.includes(secret) || (digits.length >= 8 && shown.replace(/\D/g, '').includes(digits))) throw new Error(`shown: ${secret} in ${shown}`);
      // and the form says why the field is empty
      if (!viewToText(form, CONSOLE_SYNTAX).includes('Teksten i meldingen er ikke kopiert inn')) throw new Error(`no explanation for ${raw}`);
    }), { numRuns: 400 });
  } finally {
    await app.close();
  }
  expect(checked).toBe(400);
});

test('a link back to a message is kept only as a safe https link (generated)', () => {
  fc.assert(fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string(), fc.constant('https://x.slack.com/archives/C1/p1?u=ola@example.org'), fc.constant('javascript:alert(1)')), (raw) => {
    const link = sourceLinkOf(raw);
    if (link === undefined) return;
    expect(link.startsWith('https://')).toBe(true);
    expect(link.length).toBeLessThanOrEqual(SOURCE_LINK_MAX);
    expect(link).not.toMatch(/[|()<>\s"]/);
    expect(findPersonalData(decodeURIComponent(link))).toEqual([]);
  }), { numRuns: 500 });
  expect(sourceLinkOf('https://x.slack.com/archives/C1/p1?u=ola@example.org')).toBeUndefined();
  expect(sourceLinkOf('http://x.slack.com/archives/C1/p1')).toBeUndefined();
  // a Teams message link names its channel (19:…@thread.tacv2): that is no e-mail address
  expect(sourceLinkOf('https://teams.microsoft.com/l/message/19:abc123@thread.tacv2/1700000000000?tenantId=t1&createdTime=1700000000000'))
    .toBe('https://teams.microsoft.com/l/message/19:abc123@thread.tacv2/1700000000000?tenantId=t1&createdTime=1700000000000');
});
