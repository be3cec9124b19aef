// The benchmark's figures as Markdown tables: each figure of the bot next to its baseline from the
// same run, per round, with the ratio of the medians and the issue's target; a row per store (SQLite,
// PostgreSQL) for each figure the bot was measured on both.

const med = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (x === undefined || x === null ? '–' : Number(x).toLocaleString('en-US'));
const rounds = (xs) => xs.map(fmt).join(' / ');

/** The values of `pick` for `label`, only from `inRounds` (the rounds the bot of the same row ran in) when given. */
function figure(results, label, pick, inRounds) {
  return results.filter((r) => r.label === label && (!inRounds || inRounds.has(r.round))).map(pick).filter((x) => x !== undefined);
}

/** One row: the store, the baseline's and the bot's values per round, the ratio of medians and whether the target holds. */
function row(name, pair, base, bot, target) {
  const ratio = med(bot) !== undefined && med(base) ? med(bot) / med(base) : undefined;
  const ok = ratio === undefined || !target.test ? '–' : target.test(ratio) ? 'yes' : 'NO';
  return `| ${name} | ${pair.store} (${pair.base} vs ${pair.bot}) | ${rounds(base)} | ${rounds(bot)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${target.text} | ${ok} |`;
}

const atRate = (rate, k) => (r) => (r.rate === rate ? r[k] : undefined);
const startOf = (r) => r.start_ms;
const rssAfter = (results, label, inRounds) => {
  const byRound = new Map();
  for (const r of results.filter((x) => x.label === label && x.rssEnd !== undefined && (!inRounds || inRounds.has(x.round)))) byRound.set(r.round, r.rssEnd);
  return [...byRound.values()];
};

/**
 * One table; `pairs` are the baseline and the bot per store ({ store, base, bot }), each figure a row per
 * store, side by side. The baseline's figures are taken from the rounds its bot ran in (PostgreSQL may
 * run fewer rounds than SQLite).
 */
function table(results, title, pairs, withP50, maxTarget) {
  const lines = [`\n### ${title}`, '| figure, same run | store (baseline vs bot) | baseline | the bot | ratio | target | holds |', '|---|---|---|---|---|---|---|'];
  const present = pairs.filter((p) => results.some((r) => r.label === p.bot));
  const figures = [
    ['max throughput (req/s)', (l, rs) => figure(results, l, atRate('max', 'rps'), rs), maxTarget],
    ['p99 at max (ms)', (l, rs) => figure(results, l, atRate('max', 'p99'), rs), { text: '≤ 2×', test: (x) => x <= 2 }],
    ...(withP50 ? [['p50 at 200 req/s (ms)', (l, rs) => figure(results, l, atRate(200, 'p50'), rs), { text: '≤ 2×', test: (x) => x <= 2 }]] : []),
    ['RSS after load (MB)', (l, rs) => rssAfter(results, l, rs), { text: 'see memory' }],
    ['start to listening (ms)', (l, rs) => figure(results, l, startOf, rs), { text: '≤ 1.5×', test: (x) => x <= 1.5 }],
  ];
  for (const [name, values, target] of figures) {
    for (const pair of present) {
      const botRounds = new Set(results.filter((r) => r.label === pair.bot && r.round !== undefined).map((r) => r.round));
      lines.push(row(name, pair, values(pair.base, botRounds), values(pair.bot, botRounds), target));
    }
  }
  return lines;
}

const SQLITE = 'SQLite', POSTGRES = 'PostgreSQL';

export function printTables(results) {
  const has = (l) => results.some((r) => r.label === l);
  const out = [];
  const half = { text: '≥ 0.5×', test: (x) => x >= 0.5 };
  if (has('bot-slack') || has('bot-slack-pg')) {
    out.push(...table(results, 'Slack: bare Bolt + one insert in the same store vs the bot (`/slt agenda add`, signed HTTP)',
      [{ store: SQLITE, base: 'bolt-sqlite', bot: 'bot-slack' }, { store: POSTGRES, base: 'bolt-postgres', bot: 'bot-slack-pg' }], true, half));
    out.push(...table(results, 'Slack: bare Bolt (ack only) vs the bot',
      [{ store: SQLITE, base: 'bolt-bare', bot: 'bot-slack' }, { store: POSTGRES, base: 'bolt-bare', bot: 'bot-slack-pg' }], true, { text: '–' }));
  }
  if (has('bot-teams') || has('bot-teams-pg')) {
    out.push(...table(results, 'Teams: bare CloudAdapter echo vs the bot (`agenda add`, expectReplies)',
      [{ store: SQLITE, base: 'teams-bare', bot: 'bot-teams' }, { store: POSTGRES, base: 'teams-bare', bot: 'bot-teams-pg' }], true, half));
  }
  if (has('before-slack')) out.push(...table(results, 'Slack: the compared build (--compare) vs this build', [{ store: SQLITE, base: 'before-slack', bot: 'bot-slack' }], true, { text: '–' }));
  if (has('before-teams')) out.push(...table(results, 'Teams: the compared build (--compare) vs this build', [{ store: SQLITE, base: 'before-teams', bot: 'bot-teams' }], true, { text: '–' }));
  const mem = results.filter((r) => r.memory);
  if (mem.length) {
    out.push('\n### Memory (RSS, MB) after N and 2N commands at 1,000 req/s', '| config | after N | after 2N | growth | vs bolt-bare after N | vs bolt-sqlite after N |', '|---|---|---|---|---|---|');
    const of = (l) => mem.find((r) => r.label === l);
    for (const r of mem) {
      const growth = ((r.rss_after_second_mb - r.rss_after_first_mb) / r.rss_after_first_mb) * 100;
      const vs = (l) => (of(l) ? `${(r.rss_after_first_mb / of(l).rss_after_first_mb).toFixed(2)}×` : '–');
      out.push(`| ${r.label} (N = ${fmt(r.memory)}${r.failed ? `, ${r.failed} failed` : ''}) | ${r.rss_after_first_mb} | ${r.rss_after_second_mb} | ${growth.toFixed(1)} % | ${vs('bolt-bare')} | ${vs('bolt-sqlite')} |`);
    }
    out.push('\nTargets: the bot after N ≤ 1.5× bare Bolt after the same load; growth from N to 2N < 10 %.');
  }
  console.log(out.join('\n'));
}
