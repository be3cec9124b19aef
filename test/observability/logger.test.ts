import { parseEnv } from '../../src/config/env';
import { createLogger } from '../../src/observability/logger';
import { asNewRequest, withRequest } from '../../src/observability/request-context';
import { APP_VERSION } from '../../src/version';

/** The bot's logger writing into memory. */
function capture(opts: Parameters<typeof createLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = createLogger({ ...opts, destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('LOG_LEVEL: lines below the level are not written; every line has its level, an ISO time, the version and a message', () => {
  const { logger, records } = capture({ level: 'warn' });
  logger.info({ event: 'a' }, 'not written');
  logger.warn({ event: 'b' }, 'written');
  logger.error({ event: 'c' }, 'written too');
  expect(records()).toEqual([
    expect.objectContaining({ level: 'warn', event: 'b', msg: 'written', version: APP_VERSION, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }),
    expect.objectContaining({ level: 'error', event: 'c', msg: 'written too', version: APP_VERSION }),
  ]);
});

test('LOG_LEVEL and METRICS_TOKEN are checked where the environment is read, naming the variable', () => {
  expect(parseEnv({}).LOG_LEVEL).toBe('info');
  expect(parseEnv({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  expect(() => parseEnv({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/);
  expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: expected at least 24 characters/);
});

test('a request id: the same on every line written while one request is handled, across awaits; another for the next; none outside', async () => {
  const { logger, records } = capture({ level: 'debug' });
  const handle = (n: number) => withRequest({}, async () => {
    logger.info({ event: 'start', n }, 'start');
    await new Promise((r) => setTimeout(r, 5));
    logger.info({ event: 'end', n }, 'end');
  });
  await Promise.all([handle(1), handle(2)]);
  await asNewRequest({}, async () => logger.info({ event: 'tick' }, 'tick'));
  logger.info({ event: 'outside' }, 'outside');
  const idOf = (event: string, n?: number) => records().find((r) => r.event === event && (n === undefined || r.n === n))?.reqId;
  expect(idOf('start', 1)).toMatch(/^[0-9a-f]{16}$/);
  expect(idOf('end', 1)).toBe(idOf('start', 1));
  expect(idOf('end', 2)).toBe(idOf('start', 2));
  expect(idOf('start', 2)).not.toBe(idOf('start', 1));
  expect(idOf('tick')).toMatch(/^[0-9a-f]{16}$/);
  expect(idOf('outside')).toBeUndefined();
});

test('the console mode\'s readable form: one line per event, time, level, message and fields (not the version: the start-up line says it); secrets masked there too', () => {
  const { logger, lines } = capture({ format: 'pretty', secrets: ['xoxb-secret-token-value'] });
  logger.warn({ event: 'outbox.failed', platform: 'slack', key: 'agenda@slack:C1' }, 'outbox: agenda@slack:C1 failed with xoxb-secret-token-value');
  logger.error({ event: 'boom', err: new TypeError('x is not a function') }, 'it broke');
  expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d WARN {2}outbox: agenda@slack:C1 failed with \[redacted\] \(event=outbox\.failed platform=slack key=agenda@slack:C1\)\n$/);
  expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d ERROR it broke \(event=boom\)\n {4}TypeError: x is not a function\n {4}at /);
  expect(lines.join('')).not.toContain('xoxb-secret-token-value');
});
