import type { HomeView, KnownBlock } from '@slack/types';
import type { HomeButton, HomePanel, View } from '../../src/core/model/view';
import { actionBlocks, cut, LIMITS, mrkdwn, mrkdwnOf, plain, sections, viewToBlocks } from './from-core';

/** Action ids of the App Home's own buttons (decision buttons keep their `slt_<verb>` ids). */
export const HOME_ACTIONS = { submit: 'slt_home_submit', agenda: 'slt_home_agenda' } as const;

function buttons(blockId: string, list: readonly HomeButton[]): KnownBlock[] {
  if (!list.length) return [];
  return [{
    type: 'actions',
    block_id: blockId,
    elements: list.map((b, i) => ({
      type: 'button' as const,
      action_id: HOME_ACTIONS[b.kind],
      text: { type: 'plain_text' as const, text: cut(plain(b.label), LIMITS.button) },
      ...(b.forum ? { value: b.forum } : {}),
      ...(b.kind === 'submit' && i === 0 ? { style: 'primary' as const } : {}),
    })),
  }];
}

const more = (text: string | undefined): KnownBlock[] => (text ? [{ type: 'context', elements: [mrkdwn(mrkdwnOf(text))] }] : []);

/** One forum: a header, its meeting lines, its buttons, the items waiting for a decision (each with its buttons), the person's lists. */
function panelBlocks(p: HomePanel, index: number): KnownBlock[] {
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: cut(plain(p.heading), LIMITS.header) } },
    ...sections(p.lines),
    ...buttons(`slt_home_forum:${index}`, p.buttons),
    ...(p.decide ? [
      ...sections([], p.decide.heading),
      ...p.decide.cards.flatMap((c) => [...sections(c.sections.flatMap((s) => s.lines)), ...actionBlocks(c)]),
      ...more(p.decide.more),
    ] : []),
    ...p.lists.flatMap((l) => [...sections(l.lines, l.heading), ...more(l.more)]),
  ];
}

/**
 * A core home view as a Slack App Home (views.publish): at most 100 blocks. Forums come soonest meeting
 * first; when the next forum would not fit, the view ends with a line saying where to see the rest.
 * Texts are escaped for mrkdwn; the decision buttons are the DM cards' (`slt_<verb>`, value = reference).
 */
export function homeToSlackView(v: View): HomeView {
  const spec = v.home;
  if (!spec) {
    // someone the bot does not know (or a reply that is not a home view): its text, within the limit
    return { type: 'home', callback_id: 'slt_home', blocks: viewToBlocks({ ...v, actions: [] }).slice(0, LIMITS.blocksPerHome) };
  }
  const blocks: KnownBlock[] = [
    ...(v.title ? [{ type: 'header' as const, text: { type: 'plain_text' as const, text: cut(plain(v.title), LIMITS.header) } }] : []),
    ...sections(spec.intro),
    ...buttons('slt_home_top', spec.buttons),
  ];
  for (const [i, p] of spec.panels.entries()) {
    const next = panelBlocks(p, i);
    if (blocks.length + next.length > LIMITS.blocksPerHome - 1) {
      blocks.push(...more(spec.truncated));
      break;
    }
    blocks.push(...next);
  }
  return { type: 'home', callback_id: 'slt_home', blocks };
}
