import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../src/heap-growth';

describe('the V8 heap growth the bot sets on itself', () => {
  test('without a choice of the operator: the old generation may grow by HEAP_GROWING_PERCENT over what is live', () => {
    expect(HEAP_GROWING_PERCENT).toBeGreaterThan(0);
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=512'])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  test("the operator's own value on node's command line is left alone (either spelling)", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=20'])).toBeUndefined();
    expect(heapGrowthFlag(['--enable-source-maps', '--heap_growing_percent=0'])).toBeUndefined();
  });

  test('a value in NODE_OPTIONS (how containers pass flags; not in execArgv) is the operator\'s choice too', () => {
    expect(heapGrowthFlag([], '--heap-growing-percent=100')).toBeUndefined();
    expect(heapGrowthFlag([], '--max-old-space-size=256  --heap_growing_percent=30')).toBeUndefined();
    expect(heapGrowthFlag([], '--max-old-space-size=256')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag([], '')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });
});
