// The benchmark's figures as Markdown tables: each figure of the bot next to its baseline from the
// same run, per round, with the ratio of the medians and the issue's target.

const med = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return undefined;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (x === undefined || x === null ? '–' : Number(x).toLocaleString('en-US'));
const rounds = (xs) => xs.map(fmt).join(' / ');

function figure(results, label, pick) {
  return results.filter((r) => r.label === label).map(pick).filter((x) => x !== undefined);
}

/** One row: the baseline's and the bot's values per round, the ratio of medians and whether the target holds. */
function row(name, base, bot, target) {
  const ratio = med(bot) !== undefined && med(base) ? med(bot) / med(base) : undefined;
  const ok = ratio === undefined || !target.test ? '–' : target.test(ratio) ? 'yes' : 'NO';
  return `| ${name} | ${rounds(base)} | ${rounds(bot)} | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} | ${target.text} | ${ok} |`;
}

const atRate = (rate, k) => (r) => (r.rate === rate ? r[k] : undefined);
const startOf = (r) => r.start_ms;
const rssAfter = (results, label) => {
  const byRound = new Map();
  for (const r of results.filter((x) => x.label === label && x.rssEnd !== undefined)) byRound.set(r.round, r.rssEnd);
  return [...byRound.values()];
};

function table(results, baseLabel, botLabel, title, withP50, maxTarget) {
  const lines = [`\n### ${title}`, `| figure, same run | ${baseLabel} | ${botLabel} | ratio | target | holds |`, '|---|---|---|---|---|---|'];
  lines.push(row('max throughput (req/s)', figure(results, baseLabel, atRate('max', 'rps')), figure(results, botLabel, atRate('max', 'rps')), maxTarget));
  lines.push(row('p99 at max (ms)', figure(results, baseLabel, atRate('max', 'p99')), figure(results, botLabel, atRate('max', 'p99')), { text: '≤ 2×', test: (x) => x <= 2 }));
  if (withP50) lines.push(row('p50 at 200 req/s (ms)', figure(results, baseLabel, atRate(200, 'p50')), figure(results, botLabel, atRate(200, 'p50')), { text: '≤ 2×', test: (x) => x <= 2 }));
  lines.push(row('RSS after load (MB)', rssAfter(results, baseLabel), rssAfter(results, botLabel), { text: 'see memory' }));
  lines.push(row('start to listening (ms)', figure(results, baseLabel, startOf), figure(results, botLabel, startOf), { text: '≤ 1.5×', test: (x) => x <= 1.5 }));
  return lines;
}

export function printTables(results) {
  const has = (l) => results.some((r) => r.label === l);
  const out = [];
  if (has('bot-slack')) {
    out.push(...table(results, 'bolt-sqlite', 'bot-slack', 'Slack: bare Bolt + one SQLite insert vs the bot (`/slt agenda add`, signed HTTP)', true, { text: '≥ 0.5×', test: (x) => x >= 0.5 }));
    out.push(...table(results, 'bolt-bare', 'bot-slack', 'Slack: bare Bolt (ack only) vs the bot', true, { text: '–' }));
  }
  if (has('bot-teams')) out.push(...table(results, 'teams-bare', 'bot-teams', 'Teams: bare CloudAdapter echo vs the bot (`agenda add`, expectReplies)', true, { text: '≥ 0.5×', test: (x) => x >= 0.5 }));
  if (has('before-slack')) out.push(...table(results, 'before-slack', 'bot-slack', 'Slack: the compared build (--compare) vs this build', true, { text: '–' }));
  if (has('before-teams')) out.push(...table(results, 'before-teams', 'bot-teams', 'Teams: the compared build (--compare) vs this build', true, { text: '–' }));
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
