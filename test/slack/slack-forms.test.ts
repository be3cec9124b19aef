import { FakeClock, testApp } from '../helpers';
import { SlackHarness, USERS } from './slack-harness';

test('a modal refused for a field error can be corrected and submitted again: the field error is shown, the next submission is taken', async () => {
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const h = await new SlackHarness(app).start();
  try {
    await h.command(USERS.politi, 'agenda add');
    expect(h.api.of('views.open')).toHaveLength(1);
    const refused = await h.submitLastModal(USERS.politi, { title: 'Ring per@example.org', kind: 'topic', category: 'annet', meeting: '2027-01-20' });
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { title: expect.stringMatching(/e-postadresse/) } });
    expect(JSON.stringify(refused.json)).not.toContain('per@example.org');
    const taken = await h.submitLastModal(USERS.politi, { title: 'Uro ved klubben', description: 'Mye uro i helgene', kind: 'topic', category: 'annet', meeting: '2027-01-20' });
    expect(taken.status).toBe(200);
    expect(taken.json?.response_action).toBeUndefined();
    expect(await app.store.read.item('TEAM-2027-001')).toMatchObject({ title: 'Uro ved klubben', description: 'Mye uro i helgene', submitterId: 'politi' });
    // the same submission delivered twice acts once
    const again = await h.post(h.lastPost!);
    expect(again.status).toBe(200);
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM agenda_items').get()).toEqual({ n: 1 });
  } finally {
    await h.stop();
    await app.close();
  }
});
