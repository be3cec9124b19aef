import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { FakeClock, testApp } from '../helpers';
import { SlackHarness, TEAM_CHANNEL, USERS } from './slack-harness';
import { SlackRoutes } from '../../adapters/slack/slack-routes';

/** What Bolt hands a global middleware for a request, reduced to what routing reads. */
type Request = Record<string, unknown> & { body: Record<string, unknown> };

/** Routes with one recording handler each (the kinds the bot uses); `route` runs a request through the middleware. */
function routes() {
  const ran: string[] = [];
  const r = new SlackRoutes();
  const record = (name: string) => async () => void ran.push(name);
  r.command('/slt', record('command /slt'));
  r.event('app_mention', record('event app_mention'));
  r.event('app_home_opened', record('event app_home_opened'));
  r.action(/^slt_(approve|reject)$/, record('action decision'));
  r.action('slt_home_submit', record('action home submit'));
  r.view('slt_form', record('view slt_form'));
  r.shortcut({ callback_id: 'slt_add', type: 'message_action' }, record('message shortcut'));
  r.shortcut({ callback_id: 'slt_add', type: 'shortcut' }, record('global shortcut'));
  const route = async (req: Request): Promise<string[]> => {
    ran.length = 0;
    let passedOn = false;
    const args = { ...req, context: {}, next: async () => void (passedOn = true) } as unknown as AnyMiddlewareArgs & AllMiddlewareArgs;
    await r.middleware(args);
    return passedOn ? [...ran, 'passed on'] : [...ran];
  };
  return { r, route };
}

const command = (name: string): Request => ({ body: { command: name }, command: { command: name } });
const event = (type: string): Request => ({ body: { type: 'event_callback', event: { type } }, event: { type } });
const action = (actionId: string): Request => ({ body: { type: 'block_actions' }, action: { type: 'button', action_id: actionId } });
const view = (type: string, callbackId: string): Request => ({ body: { type }, view: { callback_id: callbackId } });
const shortcut = (type: string, callbackId: string): Request => ({ body: { type }, shortcut: { type, callback_id: callbackId } });

describe('Slack routes: one middleware finds the handler as Bolt\'s listeners would match it', () => {
  test('each request runs exactly its own handler, once', async () => {
    const { route } = routes();
    expect(await route(command('/slt'))).toEqual(['command /slt']);
    expect(await route(event('app_mention'))).toEqual(['event app_mention']);
    expect(await route(event('app_home_opened'))).toEqual(['event app_home_opened']);
    expect(await route(action('slt_approve'))).toEqual(['action decision']);
    expect(await route(action('slt_reject'))).toEqual(['action decision']);
    expect(await route(action('slt_home_submit'))).toEqual(['action home submit']);
    expect(await route(view('view_submission', 'slt_form'))).toEqual(['view slt_form']);
    expect(await route(shortcut('message_action', 'slt_add'))).toEqual(['message shortcut']);
    expect(await route(shortcut('shortcut', 'slt_add'))).toEqual(['global shortcut']);
  });

  test('what no route declares reaches no handler and goes on to Bolt', async () => {
    const { route } = routes();
    expect(await route(command('/other'))).toEqual(['passed on']);
    expect(await route(event('message'))).toEqual(['passed on']);
    // a pattern matches the whole id, as declared: a longer id or another verb is not a decision button
    expect(await route(action('slt_approve_all'))).toEqual(['passed on']);
    expect(await route(action('slt_defer'))).toEqual(['passed on']);
    // closing a modal is not submitting it (Bolt's app.view(callbackId) takes view_submission only)
    expect(await route(view('view_closed', 'slt_form'))).toEqual(['passed on']);
    expect(await route(view('view_submission', 'other_form'))).toEqual(['passed on']);
    expect(await route(shortcut('shortcut', 'slt_other'))).toEqual(['passed on']);
    expect(await route({ body: { type: 'block_suggestion' }, options: { action_id: 'slt_approve' } })).toEqual(['passed on']);
  });

  test('a handler\'s failure reaches Bolt (its error handler), not swallowed', async () => {
    const r = new SlackRoutes();
    r.command('/slt', async () => { throw new Error('boom'); });
    const args = { ...command('/slt'), context: {}, next: async () => {} } as unknown as AnyMiddlewareArgs & AllMiddlewareArgs;
    await expect(r.middleware(args)).rejects.toThrow('boom');
  });

  test('an id is routed once: declaring it again, or a pattern that keeps state, is refused when the app is built', () => {
    const { r } = routes();
    const noop = async () => {};
    expect(() => r.command('/slt', noop)).toThrow('command /slt is routed twice');
    expect(() => r.event('app_mention', noop)).toThrow('app_mention is routed twice');
    expect(() => r.action('slt_home_submit', noop)).toThrow('routed twice');
    expect(() => r.view('slt_form', noop)).toThrow('routed twice');
    expect(() => r.shortcut({ callback_id: 'slt_add', type: 'shortcut' }, noop)).toThrow('routed twice');
    expect(() => r.action(/^slt_x$/g, noop)).toThrow('keeps state');
  });
});

describe('Slack routes in the real adapter', () => {
  test('a mention written by the bot itself reaches no handler; a person\'s does', async () => {
    const app = await testApp(new FakeClock('2027-01-08T10:00'));
    const h = await new SlackHarness(app).start();
    try {
      expect((await h.event({ type: 'app_mention', user: 'UBOT', channel: TEAM_CHANNEL, ts: '1.1', text: '<@UBOT> agenda add "Fra boten selv"' })).status).toBe(200);
      expect(h.api.of('chat.postEphemeral')).toHaveLength(0);
      expect((await h.event({ type: 'app_mention', user: USERS.politi, channel: TEAM_CHANNEL, ts: '1.2', text: '<@UBOT> agenda add "Fra omtale"' })).status).toBe(200);
      expect(h.api.of('chat.postEphemeral')).toHaveLength(1);
      expect(app.db.prepare('SELECT title FROM agenda_items').all()).toEqual([{ title: 'Fra omtale' }]);
    } finally {
      await h.stop();
      await app.close();
    }
  });
});
