import { adapterContract } from '../contract/contract-suite';
import type { AdapterDriver, Who } from '../contract/adapter-driver';
import { blocksText } from './fake-slack-api';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';

/** The contract scenario driven through signed Slack requests; texts read from what the fake Web API received. */
adapterContract('slack', async (app) => {
  const h = await new SlackHarness(app).start();
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  // what a person saw from one request: the ack, response_url messages, ephemerals, card updates, modal errors
  const seen = async (before: { calls: number; responses: number }, ack: Record<string, unknown> | undefined) => {
    const parts: string[] = [];
    if (ack?.blocks) parts.push(blocksText(ack.blocks));
    if (ack?.errors) parts.push(Object.values(ack.errors as Record<string, string>).join('\n'));
    for (const r of h.api.responses.slice(before.responses)) parts.push(blocksText(r.body.blocks));
    for (const c of h.api.calls.slice(before.calls)) {
      if (c.method === 'chat.postEphemeral' || c.method === 'chat.update') parts.push(blocksText(c.body.blocks));
    }
    return parts.join('\n');
  };
  const mark = () => ({ calls: h.api.calls.length, responses: h.api.responses.length });
  /** the latest message carrying buttons for `ref` (the decision card a decider got) */
  const cardOf = (ref: string) => {
    const posts = h.api.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && JSON.stringify(c.body.blocks ?? '').includes(`"value":"${ref}"`));
    const last = posts.at(-1)!;
    return { channel: String(last.body.channel), ts: String(last.method === 'chat.update' ? last.body.ts : last.result!.ts) };
  };
  const driver: AdapterDriver = {
    async command(who: Who, text: string) {
      const m = mark();
      const r = await h.command(USERS[who], text);
      return seen(m, r.json);
    },
    async press(who, ref, verb, text) {
      await deliver();
      const { channel, ts } = cardOf(ref);
      const m = mark();
      const r = await h.press(USERS[who], channel, ts, `slt_${verb}`, ref);
      let out = await seen(m, r.json);
      if (text !== undefined && h.api.calls.slice(m.calls).some((c) => c.method === 'views.open')) {
        const m2 = mark();
        const s = await h.submitLastModal(USERS[who], { text });
        out += `\n${await seen(m2, s.json)}`;
      }
      return out;
    },
    async submitForm(who, values) {
      const m = mark();
      await h.command(USERS[who], 'agenda add');
      if (!h.api.calls.slice(m.calls).some((c) => c.method === 'views.open')) return seen(m, undefined);
      const m2 = mark();
      const r = await h.submitLastModal(USERS[who], values);
      return seen(m2, r.json);
    },
    async channelPosts() {
      await deliver();
      return h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === TEAM_CHANNEL).map((c) => blocksText(c.body.blocks));
    },
    async dms(who) {
      await deliver();
      return h.api.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === `D${USERS[who]}`).map((c) => blocksText(c.body.blocks));
    },
    async dmCard(who, ref) {
      await deliver();
      // a chat.update of the DM replaces what the person sees
      return h.api.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.channel === `D${USERS[who]}`)
        .map((c) => blocksText(c.body.blocks)).filter((t) => t.includes(ref)).at(-1);
    },
    async dmButtons(who, ref) {
      await deliver();
      const last = h.api.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.channel === `D${USERS[who]}`
        && blocksText(c.body.blocks).includes(ref)).at(-1);
      const actions = ((last?.body.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[]).find((b) => b.type === 'actions');
      return (actions?.elements ?? []).map((e) => String(e.action_id).replace(/^slt_/, ''));
    },
    async latestMessages(who) {
      await deliver();
      // every message kept in the person's DM channel and in the team channel, by channel and ts: the last post or update wins
      const latest = new Map<string, string>();
      for (const c of h.api.calls) {
        if (c.method !== 'chat.postMessage' && c.method !== 'chat.update') continue;
        const channel = String(c.body.channel);
        if (channel !== `D${USERS[who]}` && channel !== TEAM_CHANNEL) continue;
        const ts = c.method === 'chat.update' ? String(c.body.ts) : String(c.result?.ts);
        latest.set(`${channel}:${ts}`, `${String(c.body.text ?? '')}\n${blocksText(c.body.blocks)}`);
      }
      return [...latest.values()];
    },
    close: () => h.stop(),
  };
  return driver;
});
