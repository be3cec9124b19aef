import fs from 'node:fs';
import ical, { type VCalendar, type VEvent } from 'node-ical';
import { FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../adapters/teams/file-consent';
import { FakeClock, testApp , inTx } from '../helpers';
import { AAD, TeamsHarness } from './teams-harness';

const MEETING = 'testby/team/2027-01-20';
type Attachment = { contentType: string; name?: string; contentUrl?: string; content: Record<string, unknown> };

async function teamsBot() {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  app.setRunningPlatforms(['teams']);
  const h = await new TeamsHarness(app).start();
  for (const aad of [AAD.koord, AAD.leder, AAD.politi, AAD.vara, AAD.obs, AAD.fremmed]) await h.installPersonal(aad);
  const deliver = async () => {
    await app.runDue();
    await app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  };
  /** the invitation messages a person's personal chat got for MEETING, newest last */
  const invitations = (aad: string) => h.connector.to(h.personalConversation(aad))
    .filter((c) => c.verb === 'send')
    .map((c) => ({ id: c.resultId!, attachments: (c.body.attachments ?? []) as Attachment[] }))
    .filter((m) => m.attachments.some((a) => a.contentType === FILE_CONSENT_CARD && (a.content.acceptContext as { meetingId?: string }).meetingId === MEETING));
  const parse = (text: string) => {
    const all = Object.values(ical.sync.parseICS(text));
    return { cal: all.find((c): c is VCalendar => c.type === 'VCALENDAR')!, ev: all.find((c): c is VEvent => c.type === 'VEVENT')! };
  };
  return { clock, app, h, deliver, invitations, parse };
}

test('Teams: an invitation in personal chat carries a FileConsentCard; accepting puts the .ics in the upload session and shows a FileInfoCard, once', async () => {
  const { app, h, deliver, invitations, parse } = await teamsBot();
  try {
    await deliver();
    const [invite] = invitations(AAD.politi);
    expect(invite).toBeDefined();
    const [card, consent] = invite!.attachments;
    expect(card!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const file = (await app.store.outbox.list()).find((r) => r.key.startsWith(`invite:${MEETING}:s0`) && r.target === AAD.politi)!.view.attachment!;
    expect(consent).toEqual({
      contentType: FILE_CONSENT_CARD, name: 'testby-team-2027-01-20.ics',
      content: {
        description: 'Kalenderfil for Tverrfaglig team onsdag 20. januar 2027 kl. 09:00. Åpne den for å legge møtet i kalenderen din.',
        sizeInBytes: Buffer.byteLength(file.content), acceptContext: { slt: 'calendar-file', meetingId: MEETING }, declineContext: { slt: 'calendar-file', meetingId: MEETING },
      },
    });

    // politi accepts: Teams opens an upload session in their OneDrive and tells the bot
    const session = h.connector.uploadSession(consent!.name!);
    const uploadInfo = { name: session.name, uploadUrl: session.uploadUrl, contentUrl: session.contentUrl, uniqueId: session.uniqueId, fileType: 'ics' };
    const res = await h.fileConsent(AAD.politi, 'accept', consent!.content.acceptContext, invite!.id, { id: 'accept-1', uploadInfo });
    expect(res.status).toBe(200);
    expect(session.puts).toEqual([{ status: 201 }]);
    const { cal, ev } = parse(session.content!);
    expect(cal.method).toBe('REQUEST');
    expect(ev.uid).toBe(`${MEETING}@slt-bot`);
    const shown = h.connector.to(h.personalConversation(AAD.politi)).flatMap((c) => (c.body.attachments ?? []) as Attachment[]).filter((a) => a.contentType === FILE_INFO_CARD);
    expect(shown).toEqual([{ contentType: FILE_INFO_CARD, contentUrl: session.contentUrl, name: session.name, content: { uniqueId: session.uniqueId, fileType: 'ics' } }]);

    // Teams resends the same invoke: nothing is uploaded or shown again
    expect((await h.fileConsent(AAD.politi, 'accept', consent!.content.acceptContext, invite!.id, { id: 'accept-1', uploadInfo })).status).toBe(200);
    expect(session.puts).toHaveLength(1);
    expect(h.connector.to(h.personalConversation(AAD.politi)).flatMap((c) => (c.body.attachments ?? []) as Attachment[]).filter((a) => a.contentType === FILE_INFO_CARD)).toHaveLength(1);

    // declining uploads nothing
    const other = h.connector.uploadSession(consent!.name!);
    expect((await h.fileConsent(AAD.vara, 'decline', consent!.content.declineContext, invitations(AAD.vara)[0]!.id)).status).toBe(200);
    expect(other.puts).toEqual([]);
    // channel posts never carry a consent card (files go to personal chats only)
    const channelAttachments = h.connector.calls.filter((c) => !c.conversationId.startsWith('a:personal')).flatMap((c) => (c.body.attachments ?? []) as Attachment[]);
    expect(channelAttachments.filter((a) => a.contentType === FILE_CONSENT_CARD)).toEqual([]);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('Teams: update and cancellation come with their own consent card; accepting any card gives the meeting\'s current file', async () => {
  const { clock, app, h, deliver, invitations, parse } = await teamsBot();
  try {
    await deliver();
    const mt = (await app.store.read.meeting(MEETING))!;
    await inTx(app).updateMeeting({ ...mt, place: 'Skolen', sequence: 1 }, clock.now().toISOString());
    await deliver();
    await inTx(app).updateMeeting({ ...(await app.store.read.meeting(MEETING))!, status: 'cancelled', sequence: 2 }, clock.now().toISOString());
    await deliver();
    const cards = invitations(AAD.leder);
    expect(cards).toHaveLength(3); // invitation, update, cancellation
    // the first card, accepted after the cancellation, hands out the cancellation (SEQUENCE 2), never the outdated invitation
    const session = h.connector.uploadSession('testby-team-2027-01-20.ics');
    const consent = cards[0]!.attachments.find((a) => a.contentType === FILE_CONSENT_CARD)!;
    await h.fileConsent(AAD.leder, 'accept', consent.content.acceptContext, cards[0]!.id,
      { uploadInfo: { name: session.name, uploadUrl: session.uploadUrl, contentUrl: session.contentUrl, uniqueId: session.uniqueId, fileType: 'ics' } });
    const { cal, ev } = parse(session.content!);
    expect([cal.method, Number(ev.sequence), ev.status, ev.location]).toEqual(['CANCEL', 2, 'CANCELLED', 'Skolen']);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('Teams: a file consent for a meeting the person is not part of, or one that does not parse, uploads nothing', async () => {
  const { app, h, deliver } = await teamsBot();
  try {
    await deliver();
    const session = h.connector.uploadSession('x.ics');
    const uploadInfo = { name: session.name, uploadUrl: session.uploadUrl, contentUrl: session.contentUrl, uniqueId: session.uniqueId, fileType: 'ics' };
    // the stranger is in no forum: told the file is not available to them
    expect((await h.fileConsent(AAD.fremmed, 'accept', { slt: 'calendar-file', meetingId: MEETING }, 'x', { uploadInfo })).status).toBe(200);
    expect(h.connector.to(h.personalConversation(AAD.fremmed)).map((c) => String(c.body.text ?? ''))).toContain('Denne kalenderfilen er ikke lenger tilgjengelig for deg.');
    // a context that is not ours, an upload URL that is not https off this machine
    await h.fileConsent(AAD.politi, 'accept', { something: 'else' }, 'x', { uploadInfo });
    await h.fileConsent(AAD.politi, 'accept', { slt: 'calendar-file', meetingId: MEETING }, 'x', { uploadInfo: { ...uploadInfo, uploadUrl: 'http://upload.example.org/x' } });
    expect(session.puts).toEqual([]);
    expect(h.logs.some((l) => l.includes('a file consent that is not ours'))).toBe(true);
    expect(h.logs.some((l) => l.includes('the upload URL is not https'))).toBe(true);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('the Teams manifest lets the bot send files (supportsFiles)', () => {
  const manifest = JSON.parse(fs.readFileSync('manifests/teams/manifest.json', 'utf8')) as { bots: { supportsFiles: boolean; scopes: string[] }[] };
  expect(manifest.bots[0]!.supportsFiles).toBe(true);
  expect(manifest.bots[0]!.scopes).toContain('personal');
});
