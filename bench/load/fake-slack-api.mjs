// A minimal Slack Web API on loopback for the benchmark: answers every method a bot uses with a
// plausible success, counts calls, prints its port on stdout ("port <n>"). Not a test fake: it checks
// nothing (the project's strict fake is test/slack/fake-slack-api.ts).
import http from 'node:http';

let ts = 1_700_000_000;
const calls = new Map();
const answer = (method, params) => {
  switch (method) {
    case 'auth.test': return { ok: true, url: 'https://bench.slack.com/', team: 'bench', user: 'slt', team_id: 'T0BENCH', user_id: 'U0BOT', bot_id: 'B0BENCH' };
    case 'conversations.open': return { ok: true, channel: { id: `D${String(params.get('users') ?? 'X').slice(1)}` } };
    case 'chat.postMessage': return { ok: true, channel: params.get('channel'), ts: `${ts++}.000100`, message: {} };
    case 'chat.update': return { ok: true, channel: params.get('channel'), ts: params.get('ts') };
    case 'conversations.history': return { ok: true, messages: [], has_more: false };
    case 'views.open': case 'views.publish': return { ok: true, view: { id: 'V0BENCH', hash: 'h' } };
    // a file (an invitation's calendar file) goes up in two steps: an upload URL here, the bytes to /upload/<id>
    case 'files.getUploadURLExternal': { const id = `F${ts++}`; return { ok: true, file_id: id, upload_url: `http://127.0.0.1:${server.address().port}/upload/${id}` }; }
    case 'files.completeUploadExternal': return { ok: true, files: [{ id: 'F0BENCH' }] };
    default: return { ok: true };
  }
};
const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    if (req.url?.startsWith('/upload/')) { calls.set('upload', (calls.get('upload') ?? 0) + 1); res.end('OK'); return; }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const params = req.headers['content-type']?.includes('json')
      ? new URLSearchParams(Object.entries(JSON.parse(body || '{}')).map(([k, v]) => [k, String(v)]))
      : new URLSearchParams(body);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer(method, params)));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`port ${server.address().port}`));
process.on('SIGTERM', () => {
  console.error(`fake Slack API calls: ${JSON.stringify(Object.fromEntries(calls))}`);
  process.exit(0);
});
