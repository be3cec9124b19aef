// The configuration the bot is loaded with: one invented municipality whose member is the load's
// sender on both platforms (Slack U0BENCH in channel C0BENCH, Teams AAD object id …0001), a weekly
// forum that takes items, and no quiet hours (so the outbox works while the load runs, day or night).
import fs from 'node:fs';
import path from 'node:path';

export function writeBenchData(dir) {
  const today = new Date().toISOString().slice(0, 10);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bench.yaml'), `id: bench
name: Benchmark kommune
language: nb
coordinator: koord
quietHours: { from: "00:00", to: "00:00", weekends: false }
members:
  - { id: koord, name: Kari Koordinator, role: SLT-koordinator, agency: Kommunen, identities: { slack: U0BENCHK, teams: 00000000-0000-0000-0000-0000000000c1, console: bench.koord } }
  - { id: sender, name: Per Benk, role: Politibetjent, agency: Politiet, identities: { slack: U0BENCH, teams: 00000000-0000-0000-0000-000000000001, console: bench.sender } }
forums:
  - id: tut
    code: TUT
    name: Tverrfaglig team
    level: 3
    members: [sender]
    channels: { slack: C0BENCH, console: bench-tut }
    cadence: { kind: weekly, every: 1, weekday: monday, anchor: ${today} }
    time: "09:00"
    allowsCases: true
`);
  return dir;
}
