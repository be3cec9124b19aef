import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ical from 'node-ical';
import type { ConsoleChatPort } from '../../adapters/console/console-chat-port';
import { runConsole } from '../../adapters/console/run-console';
import { FakeClock, testApp } from '../helpers';
import { fakeTerminal } from './terminal';

test('the console writes an invitation\'s .ics to its folder (this user only) and shows the path with the DM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-files-'));
  const filesDir = path.join(dir, 'invitations');
  const clock = new FakeClock('2027-01-08T10:00');
  const app = await testApp(clock);
  const { input, output, text } = fakeTerminal();
  let port!: ConsoleChatPort;
  const run = runConsole(app, input, output, (p) => (port = p), () => {}, undefined, filesDir);
  try {
    input.write('/slt as politi\n');
    await new Promise((r) => setTimeout(r, 20));
    await app.runDue();
    await app.dispatcher([port]).run();
    const file = path.join(filesDir, 'testby-team-2027-01-20.ics');
    expect(text()).toContain(`📎 ${file}`);
    expect(text()).toMatch(/📣 \[DM til politi\]\n== Innkalling: Tverrfaglig team ==/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(filesDir).mode & 0o777).toBe(0o700);
    const row = (await app.store.outbox.list()).find((r) => r.key.startsWith('invite:testby/team/2027-01-20:s0') && r.target === 'politi')!;
    expect(fs.readFileSync(file, 'utf8')).toBe(row.view.attachment!.content);
    const event = Object.values(ical.sync.parseICS(fs.readFileSync(file, 'utf8'))).find((c) => c.type === 'VEVENT') as ical.VEvent;
    expect(event.uid).toBe('testby/team/2027-01-20@slt-bot');
  } finally {
    input.end();
    await run.closed;
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
