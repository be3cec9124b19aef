import { LIMITS } from '../../adapters/slack/from-core';
import { blocksProblems, viewProblems } from './block-kit-rules';
import { FakeSlackApi } from './fake-slack-api';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the strict Slack fake refuses what Slack refuses', () => {
  test('Block Kit structure and limits', () => {
    expect(viewProblems({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) }, 'home')).toEqual([]);
    expect(viewProblems({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }, 'home')).toEqual(['more than 100 blocks (101)']);
    expect(viewProblems({ type: 'home', title: { type: 'plain_text', text: 'x' }, blocks: [] }, 'home')).toEqual(['a home view has no title']);
    expect(blocksProblems([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }], 50)).toEqual(['blocks[0].text: text longer than 150 (151)']);
    expect(blocksProblems([section('x'.repeat(3001))], 50)).toEqual(['blocks[0].text: text longer than 3000 (3001)']);
    expect(blocksProblems([section('')], 50)).toEqual(['blocks[0].text: text must be a non-empty string']);
    expect(blocksProblems([{ type: 'actions', block_id: 'a', elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'y'.repeat(76) } }] }, { type: 'divider', block_id: 'a' }], 50))
      .toEqual(['blocks[0].elements[0].text: text longer than 75 (76)', 'blocks[1]: duplicate block_id a']);
    expect(blocksProblems([{ type: 'rich_paragraph' }], 50)).toEqual(['blocks[0]: unknown block type rich_paragraph']);
    const input = (element: Record<string, unknown>) => ({ type: 'modal', title: { type: 'plain_text', text: 'T' }, submit: { type: 'plain_text', text: 'S' }, blocks: [{ type: 'input', block_id: 'f', label: { type: 'plain_text', text: 'L' }, element }] });
    expect(viewProblems(input({ type: 'plain_text_input', max_length: 5, initial_value: '123456' }), 'modal')).toEqual(['blocks[0]: initial_value longer than max_length 5']);
    expect(viewProblems(input({ type: 'static_select', options: [{ text: { type: 'plain_text', text: 'a' }, value: 'a' }], initial_option: { value: 'b' } }), 'modal')).toEqual(['blocks[0]: initial_option is not one of the options']);
    expect(viewProblems({ ...input({ type: 'plain_text_input' }), title: { type: 'plain_text', text: 'x'.repeat(25) }, submit: undefined }, 'modal'))
      .toEqual(['title: text longer than 24 (25)', 'a modal with inputs needs a submit button']);
    expect(LIMITS.blocksPerHome).toBe(100);
  });

  test('views.open takes only a trigger id it issued, once; views.publish only a valid home view', async () => {
    const api = new FakeSlackApi();
    await api.start();
    try {
      const call = async (method: string, body: Record<string, unknown>) => (await fetch(`${api.apiUrl}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      const modal = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [section('x')] };
      expect(await call('views.open', { trigger_id: 'made-up', view: modal })).toEqual({ ok: false, error: 'invalid_trigger_id' });
      const trigger = api.issueTrigger();
      expect(await call('views.open', { trigger_id: trigger, view: modal })).toMatchObject({ ok: true });
      expect(await call('views.open', { trigger_id: trigger, view: modal })).toEqual({ ok: false, error: 'exchanged_trigger_id' });
      expect(await call('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [section('')] } })).toMatchObject({ ok: false, error: 'invalid_arguments' });
      expect(api.homes.has('U1')).toBe(false);
      expect(await call('views.publish', { user_id: 'U1', view: { type: 'home', blocks: [section('ok')] } })).toMatchObject({ ok: true });
      expect(api.homes.get('U1')).toEqual({ type: 'home', blocks: [section('ok')] });
      expect(await call('chat.postMessage', { channel: 'C1', text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toMatchObject({ ok: false, error: 'invalid_blocks' });
    } finally {
      await api.stop();
    }
  });
});
