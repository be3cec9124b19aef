import { adapterContract } from '../contract/contract-suite';
import type { AdapterDriver, Who } from '../contract/adapter-driver';
import { activityText, bodyText } from './fake-connector';
import { AAD, TEAM_CONVERSATION, TeamsHarness } from './teams-harness';

const cardText = (card: Record<string, unknown> | undefined): string => bodyText(card?.body as Parameters<typeof bodyText>[0]);

/** The contract scenario through Teams activities posted to the real endpoint; texts from the fake connector and invoke answers. */
adapterContract('teams', async (app) => {
  const h = await new TeamsHarness(app).start();
  await h.install(AAD.koord);
  for (const aad of Object.values(AAD)) await h.installPersonal(aad);
  const deliver = () => app.dispatcher([h.adapter.chatPort], { sleep: async () => {} }).run();
  const personalSince = (who: Who, from: number) => h.connector.calls.slice(from).filter((c) => c.conversationId === h.personalConversation(AAD[who]) && c.verb !== 'create');
  /** the latest card sent to `who` about `ref` (its activity id, for replyToId) */
  const cardFor = (who: Who, ref: string) => h.connector.calls.filter((c) => c.conversationId === h.personalConversation(AAD[who]) && JSON.stringify(c.body).includes(ref)).at(-1)!;
  const invokeText = async (who: Who, verb: string, data: Record<string, unknown>, replyToId: string) => {
    const from = h.connector.calls.length;
    const r = await h.invoke(AAD[who], verb, data, replyToId);
    const card = (r.body?.value ?? undefined) as Record<string, unknown> | undefined;
    const updates = h.connector.calls.slice(from).filter((c) => c.verb === 'update').map((c) => activityText(c.body));
    return { card, text: [cardText(card), ...updates].join('\n') };
  };
  const driver: AdapterDriver = {
    async command(who, text) {
      const from = h.connector.calls.length;
      await h.message(AAD[who], text);
      return personalSince(who, from).map((c) => activityText(c.body)).join('\n');
    },
    async press(who, ref, verb, text) {
      await deliver();
      const card = cardFor('leder', ref);
      const first = await invokeText(who, verb, { ref }, card.resultId!);
      const form = (first.card?.actions as { verb?: string; data?: Record<string, unknown> }[] | undefined)?.find((a) => a.verb === 'form');
      if (text === undefined || !form) return first.text;
      const second = await invokeText(who, 'form', { ...form.data, text }, card.resultId!);
      return `${first.text}\n${second.text}`;
    },
    async submitForm(who, values) {
      const from = h.connector.calls.length;
      await h.message(AAD[who], 'agenda add');
      const sent = personalSince(who, from).at(-1)!;
      const content = (sent.body.attachments as { content: { actions?: { verb: string; data: Record<string, unknown> }[] } }[])[0]!.content;
      const submit = content.actions!.find((a) => a.verb === 'form')!;
      return (await invokeText(who, 'form', { ...submit.data, ...values }, sent.resultId!)).text;
    },
    async channelPosts() {
      await deliver();
      return h.connector.calls.filter((c) => c.conversationId === TEAM_CONVERSATION && c.verb === 'send').map((c) => activityText(c.body));
    },
    async dms(who) {
      await deliver();
      return h.connector.calls.filter((c) => c.conversationId === h.personalConversation(AAD[who]) && c.verb === 'send').map((c) => activityText(c.body));
    },
    async dmCard(who, ref) {
      await deliver();
      // an update of the activity replaces what the person sees
      return h.connector.calls.filter((c) => c.conversationId === h.personalConversation(AAD[who]) && (c.verb === 'send' || c.verb === 'update'))
        .map((c) => activityText(c.body)).filter((t) => t.includes(ref)).at(-1);
    },
    async dmButtons(who, ref) {
      await deliver();
      const last = h.connector.calls.filter((c) => c.conversationId === h.personalConversation(AAD[who]) && (c.verb === 'send' || c.verb === 'update')
        && activityText(c.body).includes(ref)).at(-1);
      const content = (last?.body.attachments as { content?: { actions?: { verb?: string }[] } }[] | undefined)?.[0]?.content;
      return (content?.actions ?? []).map((a) => String(a.verb)).filter((v) => v !== 'form');
    },
    async latestMessages(who) {
      await deliver();
      // every activity in the person's chat and in the team channel: the last send or update of each id wins
      const latest = new Map<string, string>();
      for (const c of h.connector.calls) {
        if (c.conversationId !== h.personalConversation(AAD[who]) && c.conversationId !== TEAM_CONVERSATION) continue;
        if (c.verb !== 'send' && c.verb !== 'reply' && c.verb !== 'update') continue;
        const id = c.verb === 'update' ? c.activityId! : c.resultId!;
        latest.set(`${c.conversationId}:${id}`, `${activityText(c.body)}\n${JSON.stringify(c.body.attachments ?? [])}`);
      }
      return [...latest.values()];
    },
    close: () => h.stop(),
  };
  return driver;
});
