// Baseline: a bare @slack/bolt HTTP app whose /slt handler only acks.
//   PORT=3101 SLACK_SIGNING_SECRET=bench-secret node bench/load/bolt-bare.mjs
import { startBoltBaseline } from './bolt-app.mjs';

await startBoltBaseline('bolt-bare', 3101, async ({ ack }) => { await ack('ok'); });
process.on('SIGTERM', () => process.exit(0));
