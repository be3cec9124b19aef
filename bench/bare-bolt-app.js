// A bare Bolt app in HTTP mode: the baseline of `npm run bench:start`. The same environment as the
// bot's Slack adapter (token, signing secret, Web API URL, PORT) and a GET /healthz to poll, nothing else.
// Plain JavaScript so that it is started exactly like the compiled bot: `node bench/bare-bolt-app.js`.
const { App } = require('@slack/bolt');

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}') }],
});
app.command('/slt', async ({ ack }) => ack('ok'));

app.start(Number(process.env.PORT)).then(() => console.error(`bare Bolt app on port ${process.env.PORT}`));
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
