import { newRequestId } from '../../src/observability/request-context';

/** Issue 18: request ids are cheap (no entropy per request) yet unique within a process and across processes, safe characters only. */
test('200,000 request ids in a row are all different, 16 hex characters each', () => {
  const ids = Array.from({ length: 200_000 }, () => newRequestId());
  expect(ids.filter((id) => !/^[0-9a-f]{16}$/.test(id))).toEqual([]);
  expect(new Set(ids).size).toBe(200_000);
});

test('two processes (fresh loads of the module) hand out different ids from their first one on', () => {
  const load = (): (() => string) => {
    let fn!: () => string;
    jest.isolateModules(() => {
      fn = (require('../../src/observability/request-context') as typeof import('../../src/observability/request-context')).newRequestId;
    });
    return fn;
  };
  const a = load();
  const b = load();
  const fromA = new Set(Array.from({ length: 1000 }, () => a()));
  const fromB = Array.from({ length: 1000 }, () => b());
  expect(fromB.filter((id) => fromA.has(id))).toEqual([]);
});
