import v8 from 'node:v8';

/**
 * Imported right after the compile cache by the entry point (`npm start`, the image, the benchmarks'
 * compiled start): how far V8 lets the old generation grow over what was live after its last full
 * collection. V8 chooses up to 4× on a machine with much memory when the program allocates fast, and a
 * command allocates a lot of short-lived objects, so the bot's RSS under load was mostly garbage
 * waiting for the next collection (about 30 MB live, the old generation at 90 MB). At 50 % it was 37 MB;
 * side by side in one load run, the RSS after the peak-rate load was 169 / 168 MB against 220 / 220 and
 * the peak throughput 1,536 / 1,524 against 1,566 / 1,544 req/s (two rounds each; see the README).
 * V8 reads the flag whenever it sets the next limit, so setting it here works (Node 20 and 24).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * The flag to set, or undefined when node was started with a value of the operator's own: on its command
 * line (`execArgv`) or in NODE_OPTIONS (how a container usually passes flags; execArgv does not show them).
 */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions = ''): string | undefined {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
  return chosen ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
if (flag) v8.setFlagsFromString(flag);
