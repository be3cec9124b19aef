// Baseline: a bare @slack/bolt HTTP app whose /slt handler only acks.
//   PORT=3101 SLACK_SIGNING_SECRET=bench-secret node bench/load/bolt-bare.mjs
import bolt from '@slack/bolt';
import { fakeSlackUrl } from './fake-slack-url.mjs';

const { App, LogLevel } = bolt;
const app = new App({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret',
  token: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BOT',
  processBeforeResponse: true, logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: fakeSlackUrl() },
});
app.command('/slt', async ({ ack }) => { await ack('ok'); });
app.error(async (e) => { console.error('bolt error', e?.code ?? e); });
await app.start(Number(process.env.PORT ?? 3101));
console.log('bolt-bare listening');
process.on('SIGTERM', () => process.exit(0));
