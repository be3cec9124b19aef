import { GraphCalendarPort } from '../../adapters/graph/graph-calendar-port';
import type { App } from '../../src/app';
import { Municipality, type MunicipalityInput } from '../../src/core/model/municipality';
import { OutlookResponses } from '../../src/scheduler/outlook-responses';
import { FakeClock, fixtureInput, testApp } from '../helpers';
import { RecordingPort } from '../schedule/recording-port';
import { FakeGraph } from './fake-graph';
import { logTo } from '../log-capture';

export const ORGANIZER = 'slt@testby.example.org';
export const emailOf = (id: string) => `${id}@testby.example.org`;

/** The test municipality with Outlook events in the shared SLT mailbox, and everyone but the stranger with an e-mail address. */
export function outlookTownInput(calendar: Record<string, unknown> = { provider: 'graph', organizer: ORGANIZER, onlineMeeting: true }, overrides: Partial<MunicipalityInput> = {}): MunicipalityInput {
  const input = fixtureInput({ calendar, ...overrides } as Partial<MunicipalityInput>);
  input.members = input.members.map((p) => (p.id === 'fremmed' ? p : { ...p, email: emailOf(p.id) }));
  return input;
}
export const outlookTown = (...args: Parameters<typeof outlookTownInput>) => Municipality.parse(outlookTownInput(...args));

/** The bot with Outlook events against a fake Graph (and a console port recording the chat messages). */
export async function outlookBot(clock: FakeClock, municipality = outlookTown(), dbFile = ':memory:') {
  const graph = await new FakeGraph().start();
  graph.mailboxes.add(ORGANIZER);
  graph.now = () => clock.now().getTime();
  const app = await testApp(clock, [municipality], { dbFile });
  return withGraph(app, clock, graph);
}

/** A test with the bot and its fake Graph from `start`, both stopped afterwards. */
export async function withOutlookBot(start: string, test: (bot: Awaited<ReturnType<typeof outlookBot>> & { clock: FakeClock }) => Promise<void>): Promise<void> {
  const clock = new FakeClock(start);
  const bot = await outlookBot(clock);
  try {
    await test({ ...bot, clock });
  } finally {
    await bot.graph.stop();
    await bot.app.close();
  }
}

/** Wire a (new) app to a running fake Graph. */
export function withGraph(app: App, clock: FakeClock, graph: FakeGraph) {
  app.setRunningPlatforms(['console', 'graph']);
  const logs: string[] = [];
  const port = new GraphCalendarPort({ tenantId: graph.tenant, clientId: graph.clientId, clientSecret: graph.secret, authorityUrl: graph.authorityUrl, apiUrl: graph.apiUrl });
  const chat = new RecordingPort(clock);
  const dispatcher = (owner?: string) => app.dispatcher([chat, port], { sleep: async () => {}, logger: logTo(logs), ...(owner ? { owner } : {}) });
  const answers = new OutlookResponses(app, port, logTo(logs));
  const tick = async () => {
    await app.runDue();
    await dispatcher().run();
    await answers.run();
  };
  return { app, graph, port, chat, dispatcher, answers, tick, logs };
}

/** The outbox rows of Outlook events. */
export const outlookRows = async (app: App) => (await app.store.outbox.list()).filter((r) => r.platform === 'graph');
