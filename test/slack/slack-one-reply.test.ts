import { viewsToMessages } from '../../adapters/slack/from-core';
import { view } from '../../src/core/model/view';
import { FakeClock, testApp } from '../helpers';
import { blocksText } from './fake-slack-api';
import { SlackHarness, USERS } from './slack-harness';

// Issue 18: a command's reply of several views is one acknowledgement (a divider between the views),
// not an acknowledgement plus a request to Slack's response_url per further view.
test('a slash command\'s confirmation and item card come in the acknowledgement, with nothing sent to response_url', async () => {
  const app = await testApp(new FakeClock('2027-01-08T10:00'));
  const h = await new SlackHarness(app).start();
  try {
    const out = await h.command(USERS.politi, 'agenda add "Uro ved ungdomsklubben" Flere meldinger om uro');
    const text = blocksText(out.json!.blocks);
    expect(text).toMatch(/TEAM-2027-001/);
    expect(text).toMatch(/Uro ved ungdomsklubben/);
    expect((out.json!.blocks as { type: string }[]).some((b) => b.type === 'divider')).toBe(true);
    expect(h.api.responses).toHaveLength(0);
  } finally {
    await h.stop();
    await app.close();
  }
});

test('views share a message only while their blocks fit in one (50); a long view keeps its own split', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ heading: `Del ${i}`, lines: [`linje ${i}`] }));
  const small = view('info', 'Liten', ...lines(2));
  const big = view('info', 'Stor', ...lines(30));
  const one = viewsToMessages([small, small]);
  expect(one).toHaveLength(1);
  expect(one[0]!.text).toMatch(/Liten[\s\S]*Liten/);
  const two = viewsToMessages([big, big]);
  expect(two).toHaveLength(2);
  for (const m of [...one, ...two]) expect(m.blocks.length).toBeLessThanOrEqual(50);
  const huge = view('info', 'Svær', ...lines(80));
  expect(viewsToMessages([small, huge]).length).toBeGreaterThanOrEqual(3);
});
