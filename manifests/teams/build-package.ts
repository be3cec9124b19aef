/**
 * npm run teams:package — builds build/teams-app.zip for upload to Teams.
 *   MICROSOFT_APP_ID  the bot's app (client) id (required)
 *   PUBLIC_URL        the bot's public URL; its host goes into validDomains (default slt.example.org)
 *   SLT_APP_VERSION   the app version (default: package.json's)
 */
import fs from 'node:fs';
import path from 'node:path';
import { APP_VERSION } from '../../src/version';
import { buildManifest, manifestProblems, packageZip } from './teams-package';

async function main(): Promise<number> {
  const appId = process.env.MICROSOFT_APP_ID;
  if (!appId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    console.error('MICROSOFT_APP_ID: expected the bot\'s app id, a GUID such as 00000000-0000-0000-0000-000000000000');
    return 1;
  }
  const domain = process.env.PUBLIC_URL ? new URL(process.env.PUBLIC_URL).host : 'slt.example.org';
  const version = process.env.SLT_APP_VERSION ?? APP_VERSION;
  const manifest = buildManifest({ appId, version, domain });
  const problems = manifestProblems(manifest);
  if (problems.length) {
    console.error(`The Teams manifest is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return 1;
  }
  fs.mkdirSync('build', { recursive: true });
  const out = path.join('build', 'teams-app.zip');
  fs.writeFileSync(out, await packageZip(manifest));
  console.log(`Wrote ${out} (manifest ${manifest.manifestVersion}, app ${appId}, version ${version}, domain ${domain})`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
