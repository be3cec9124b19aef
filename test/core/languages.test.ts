import { createApp } from '../../src/app';
import { messages } from '../../src/core/i18n';
import { nb } from '../../src/core/i18n/nb';
import { FakeClock, fixture, replyText, testApp } from '../helpers';

test('every catalog has every key, and nn and en are translations, not copies', () => {
  const keys = Object.keys(nb).sort();
  for (const lang of ['nn', 'en'] as const) {
    const cat = messages(lang) as unknown as Record<string, unknown>;
    expect(Object.keys(cat).sort()).toEqual(keys);
    expect(Object.keys((cat.commandHelp as Record<string, string>)).sort()).toEqual(Object.keys(nb.commandHelp).sort());
  }
  const differ = (lang: 'nn' | 'en') => keys.filter((k) => {
    const a = (nb as unknown as Record<string, unknown>)[k];
    const b = (messages(lang) as unknown as Record<string, unknown>)[k];
    return typeof a === 'string' && a === b;
  });
  // only words that are the same in both languages may be equal
  expect(differ('en')).toEqual(['fieldForum']); // "Forum" is English too
  // texts that are spelt the same in bokmål and nynorsk (checked by hand); any other equal text is a forgotten translation
  expect(differ('nn').sort()).toEqual([
    'actAttend', 'actConsent', 'actDecide', 'actSubmit', 'actionDoneMark', 'agendaModalTitle', 'and', 'answerRequired',
    'approvedItems', 'archiveAgenda', 'archiveCancelled', 'archiveMinutes', 'archiveMinutesDraft', 'attendance', 'buttonAccept', 'buttonApprove',
    'buttonAsk', 'buttonDecline', 'buttonMove', 'buttonReject', 'calendarFeed', 'consentOk', 'consoleGuest', 'deadline',
    'fieldAnswer', 'fieldCategory', 'fieldForum', 'fieldKind', 'fieldLegalBasis', 'fieldMeeting', 'fieldQuestion', 'fieldText',
    'fieldTitle', 'formCancel', 'formCancelHint', 'formDefault', 'formSubmit', 'formTitle', 'helpUsage', 'homeSubmit',
    'modalClose', 'noDeadline', 'or', 'outlookResponses', 'questionRequired', 'replyTitle', 'summaryUpdated', 'when',
  ]);
});

test('Aukra (nynorsk) members read nynorsk with nynorsk dates', async () => {
  const app = await createApp({ dbFile: ':memory:', data: 'data/municipalities', clock: new FakeClock('2027-01-11T10:00') });
  await app.sync();
  const out = replyText(await app.bot.handle({ platform: 'console', userId: 'aukra.rektor', text: 'next koordineringsgruppa' }));
  expect(out).toMatch(/^Neste møte i Koordineringsgruppa\nTid: torsdag 11\. februar 2027 kl\. 09:00\nStad: Aukra kommunehus\nFrist for å melde saker: torsdag 4\. februar 2027 kl\. 09:00\nSaker vert melde til SLT-koordinator seinast 7 dagar før møtet\./);
  expect(replyText(await app.bot.handle({ platform: 'console', userId: 'aukra.rektor', text: 'agenda add "Tema" --forum politiradet' }))).toMatch(/Berre innkallar eller SLT-koordinator kan|Du er ikkje medlem av Politirådet/);
  await app.close();
});

test('a municipality configured in English answers in English', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'), [fixture({ language: 'en' })]);
  const out = replyText(await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'agenda add "A topic"' }));
  expect(out).toMatch(/Your item is submitted as TEAM-2027-001 for the meeting on Wednesday 20 January 2027 at 09:00/);
  expect(replyText(await app.bot.handle({ platform: 'console', userId: 'politi', channelId: 'testby-team', text: 'frobnicate' }))).toMatch(/I don't know the command "frobnicate"/);
  await app.close();
});
