import { PassThrough } from 'node:stream';

/** A terminal for runConsole: what the test types, and everything the console wrote so far. */
export function fakeTerminal() {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: false });
  let text = '';
  output.on('data', (c) => (text += String(c)));
  return { input, output, text: () => text };
}
