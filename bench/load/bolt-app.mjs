// The bare @slack/bolt HTTP app every Slack baseline is built on: signed requests, acks before the
// response (processBeforeResponse, as the bot does), its Web API client pointed at the bench's fake Slack.
import bolt from '@slack/bolt';
import { fakeSlackUrl } from './fake-slack-url.mjs';

const { App, LogLevel } = bolt;

/** Start the app with `onCommand` as its /slt handler on PORT (or `defaultPort`); logs `<name> listening`. */
export async function startBoltBaseline(name, defaultPort, onCommand) {
  const app = new App({
    signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'bench-secret',
    token: 'xoxb-bench', botId: 'B0BENCH', botUserId: 'U0BOT',
    processBeforeResponse: true, logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fakeSlackUrl() },
  });
  app.command('/slt', onCommand);
  app.error(async (e) => { console.error('bolt error', e?.code ?? e); });
  await app.start(Number(process.env.PORT ?? defaultPort));
  console.log(`${name} listening`);
}
