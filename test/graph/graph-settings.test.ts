import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseMunicipality } from '../../src/config/load-municipalities';
import { fixtureInput } from '../helpers';
import { startBot, workDir } from '../main/bot-process';
import { FakeGraph } from './fake-graph';
import { ORGANIZER, outlookTownInput } from './graph-harness';
import { onlyFatal } from '../log-capture';

jest.setTimeout(60_000);

const problems = (input: unknown) => parseMunicipality('testby.yaml', YAML.stringify(input)).problems.map((p) => `${p.path}: ${p.message}`);

test('calendar settings are checked with errors naming the field', () => {
  expect(problems(outlookTownInput())).toEqual([]);
  expect(problems(outlookTownInput({ provider: 'google', organizer: ORGANIZER }))).toEqual(['calendar.provider: expected "graph" (Outlook events through Microsoft Graph)']);
  expect(problems(outlookTownInput({ provider: 'graph', organizer: 'the SLT mailbox' }))).toEqual([
    'calendar.organizer: expected the organiser mailbox\'s address (UPN), e.g. slt@kommune.no, or "convener"',
  ]);
  expect(problems(outlookTownInput({ provider: 'graph', organizer: ORGANIZER, onlineMeeting: 'yes' }))).toEqual(['calendar.onlineMeeting: Invalid input: expected boolean, received string']);
  expect(problems(outlookTownInput({ provider: 'graph', organizer: ORGANIZER, colour: 'red' }))).toEqual(['calendar: Unrecognized key: "colour"']);
  // the convener's own calendar needs the convener's address
  expect(problems({ ...fixtureInput(), calendar: { provider: 'graph', organizer: 'convener' } })).toEqual([
    'forums[0].convener: calendar.organizer is "convener", but no convener of forum "team" has an email',
    'forums[1].convener: calendar.organizer is "convener", but no convener of forum "rad" has an email',
  ]);
  expect(problems(outlookTownInput({ provider: 'graph', organizer: 'convener' }))).toEqual([]);
});

/** A configuration folder with Outlook events, and the fake Graph's mailbox. */
function graphData(dir: string): string {
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { recursive: true });
  fs.writeFileSync(path.join(data, 'testby.yaml'), YAML.stringify(outlookTownInput(undefined, { quietHours: { from: '00:00', to: '00:00', weekends: false } })));
  return data;
}

describe('the bot process with Outlook events', () => {
  let graph: FakeGraph;
  beforeEach(async () => {
    graph = await new FakeGraph().start();
    graph.mailboxes.add(ORGANIZER);
  });
  afterEach(() => graph.stop());

  const env = (dir: string, extra: Record<string, string>) => ({
    SLT_DB: path.join(dir, 'var', 'slt.db'), SLT_DATA: graphData(dir), GRAPH_AUTHORITY_URL: graph.authorityUrl, GRAPH_API_URL: graph.apiUrl, SLT_CONSOLE: 'off', ...extra,
  });

  test('a refused secret, a missing tenant or a mailbox outside the access policy stops the start with one line, before the database is touched', async () => {
    const dir = workDir();
    const wrong = startBot(env(dir, { GRAPH_TENANT_ID: graph.tenant, GRAPH_CLIENT_ID: graph.clientId, GRAPH_CLIENT_SECRET: 'wrong' }));
    expect(await wrong.exited).toEqual({ code: 1, signal: null });
    expect(onlyFatal(wrong.stderr())).toBe('GRAPH_CLIENT_SECRET is not accepted by Microsoft Entra ID for Microsoft Graph (invalid_client: AADSTS7000215: Invalid client secret provided.)');
    // the Teams bot's app registration is used when no GRAPH_* is set: the message names its variable
    const teamsNames = startBot(env(dir, { MICROSOFT_APP_TENANT_ID: graph.tenant, GRAPH_CLIENT_ID: graph.clientId, MICROSOFT_APP_PASSWORD: 'wrong' }));
    expect((await teamsNames.exited).code).toBe(1);
    expect(onlyFatal(teamsNames.stderr())).toMatch(/^MICROSOFT_APP_PASSWORD is not accepted by Microsoft Entra ID for Microsoft Graph \(invalid_client/);
    const noTenant = startBot(env(dir, { GRAPH_CLIENT_ID: graph.clientId, GRAPH_CLIENT_SECRET: graph.secret }));
    expect((await noTenant.exited).code).toBe(1);
    expect(onlyFatal(noTenant.stderr())).toBe('Outlook events (calendar.provider: graph, testby) need GRAPH_TENANT_ID (or MICROSOFT_APP_TENANT_ID): the directory (tenant) id of the Azure app registration');
    graph.allowed = new Set();
    const policy = startBot(env(dir, { GRAPH_TENANT_ID: graph.tenant, GRAPH_CLIENT_ID: graph.clientId, GRAPH_CLIENT_SECRET: graph.secret }));
    expect((await policy.exited).code).toBe(1);
    expect(onlyFatal(policy.stderr())).toMatch(new RegExp(`^Microsoft Graph: the calendar of ${ORGANIZER} \\(calendar.organizer\\) cannot be used: Graph 403 ErrorAccessDenied`));
    expect(fs.existsSync(path.join(dir, 'var'))).toBe(false);
  });

  test('with the right credentials it starts, names Outlook among its platforms, and puts the coming meetings in the organiser\'s calendar', async () => {
    const dir = workDir();
    const bot = startBot(env(dir, { GRAPH_TENANT_ID: graph.tenant, GRAPH_CLIENT_ID: graph.clientId, GRAPH_CLIENT_SECRET: graph.secret, SLT_TEAMS: 'dev' }), ['--new-database']);
    try {
      await bot.waitFor(/platforms: Teams \(development, unauthenticated\), Outlook \(Microsoft Graph\)/);
      // the first tick runs at start: the meetings within the invitation horizon become events
      for (let i = 0; i < 200 && !graph.live(ORGANIZER).length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(graph.live(ORGANIZER).length).toBeGreaterThan(0);
      expect(new Set(graph.live(ORGANIZER).map((e) => e.transactionId)).size).toBe(graph.live(ORGANIZER).length);
    } finally {
      bot.proc.kill('SIGTERM');
      await bot.exited;
    }
  });
});
