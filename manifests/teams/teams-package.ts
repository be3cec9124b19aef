import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { languageFiles, localizationProblems } from './localization';

const DIR = __dirname;
export const ICONS = { 'color.png': 192, 'outline.png': 32 } as const;

export interface PackageSettings {
  appId: string;
  version: string;
  /** host name only (no https://), e.g. slt.example.org */
  domain: string;
}

/** manifest.json with the settings filled in (its ${MICROSOFT_APP_ID}, ${APP_VERSION} and ${BOT_DOMAIN} placeholders). */
export function buildManifest(s: PackageSettings): Record<string, unknown> {
  const text = fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')
    .replace(/\$\{MICROSOFT_APP_ID\}/g, s.appId)
    .replace(/\$\{APP_VERSION\}/g, s.version)
    .replace(/\$\{BOT_DOMAIN\}/g, s.domain);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Problems of a manifest: the official JSON schema of its version (shipped in @microsoft/app-manifest,
 * read offline), its language files (localization.ts) and what the schema does not check (icon sizes,
 * validDomains without a scheme).
 */
export function manifestProblems(manifest: Record<string, unknown>, dir = DIR): string[] {
  const version = String(manifest.manifestVersion);
  const schema = JSON.parse(fs.readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const problems = validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  for (const d of (manifest.validDomains as string[] | undefined) ?? []) {
    if (/^[a-z]+:\/\//i.test(d) || d.includes('/')) problems.push(`validDomains: "${d}" must be a host name without https:// or a path`);
  }
  problems.push(...localizationProblems(manifest, dir));
  for (const [file, size] of Object.entries(ICONS)) {
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, file)));
    if (png.width !== size || png.height !== size) problems.push(`${file}: expected ${size}×${size}, is ${png.width}×${png.height}`);
  }
  return problems;
}

/** The zip a Teams admin uploads: manifest.json, its language files and the two icons, flat. */
export async function packageZip(manifest: Record<string, unknown>, dir = DIR): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const { file } of languageFiles(manifest)) zip.file(file, fs.readFileSync(path.join(dir, file)));
  for (const file of Object.keys(ICONS)) zip.file(file, fs.readFileSync(path.join(dir, file)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
