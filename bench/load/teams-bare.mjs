// Baseline: a bare botbuilder CloudAdapter echo bot, authentication off (no app id), on express.
// Loaded with activities carrying "deliveryMode":"expectReplies", so the reply comes back in the HTTP
// response and no connector call is made.   PORT=3103 node bench/load/teams-bare.mjs
import botbuilder from 'botbuilder';
import express from 'express';

const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = botbuilder;
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (_ctx, err) => { console.error('turn error', err?.message ?? err); };
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => { await ctx.sendActivity(`echo: ${ctx.activity.text}`); await next(); });
  }
}
const bot = new EchoBot();
const app = express();
app.use(express.json());
app.post('/api/messages', (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx)));
app.listen(Number(process.env.PORT ?? 3103), () => console.log('teams-bare listening'));
process.on('SIGTERM', () => process.exit(0));
