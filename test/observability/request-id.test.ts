import fc from 'fast-check';
import { newRequestId, requestIds } from '../../src/observability/request-context';

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

test('each id is the one before plus one, as a 64-bit hex number, from any starting point (carry and wrap included)', () => {
  const MOD = 1n << 64n;
  const asNumber = (id: string) => BigInt(`0x${id}`);
  const startAt = (n: bigint) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, n);
    return requestIds(bytes);
  };
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 1, max: 300 }), (start, count) => {
    const next = startAt(start);
    for (let i = 1n; i <= BigInt(count); i++) {
      const id = next();
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      expect(asNumber(id)).toBe((start + i) % MOD);
    }
  }));
  expect([startAt(0x00000000fffffffen)(), startAt(0x00000000ffffffffn)(), startAt(0xffffffffffffffffn)()]).toEqual(['00000000ffffffff', '0000000100000000', '0000000000000000']);
});
