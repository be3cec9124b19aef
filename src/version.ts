import fs from 'node:fs';
import path from 'node:path';

/**
 * The program's version, from package.json: the nearest one above this file that is ours, so the
 * same code finds it from `src/` (tests, tsx) and from `dist/src/` (the compiled build and the image).
 */
function readVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'slt-meeting-bot' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`package.json of slt-meeting-bot not found above ${__dirname}`);
  }
}

export const APP_VERSION = readVersion();
