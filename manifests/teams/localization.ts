import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** The language files a manifest names (localizationInfo.additionalLanguages), by language tag. */
export function languageFiles(manifest: Json): { tag: string; file: string }[] {
  const info = manifest.localizationInfo as { additionalLanguages?: { languageTag: string; file: string }[] } | undefined;
  return (info?.additionalLanguages ?? []).map((l) => ({ tag: l.languageTag, file: l.file }));
}

/** A value of the manifest by a language file's key ("bots[0].commandLists[1].commands[2].description", "name.short"). */
function at(manifest: Json, key: string): unknown {
  let node: unknown = manifest;
  for (const part of key.split('.')) {
    const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    if (!name || typeof node !== 'object' || node === null) return undefined;
    node = (node as Json)[name];
    if (index !== undefined) node = Array.isArray(node) ? node[Number(index)] : undefined;
  }
  return node;
}

/**
 * Every string of the manifest a person reads, by its language-file key: the app's names and descriptions,
 * the command menus' descriptions, and the message extension's command titles and descriptions. The bot
 * commands' titles are not among them: Teams sends the title the person picked, so they stay the
 * commands the bot understands, in every language.
 */
export function localizableKeys(manifest: Json): string[] {
  const keys = ['name.short', 'name.full', 'description.short', 'description.full'];
  const bots = (manifest.bots as { commandLists?: { commands: unknown[] }[] }[] | undefined) ?? [];
  bots[0]?.commandLists?.forEach((l, i) => l.commands.forEach((_, j) => keys.push(`bots[0].commandLists[${i}].commands[${j}].description`)));
  const extensions = (manifest.composeExtensions as { commands: unknown[] }[] | undefined) ?? [];
  extensions[0]?.commands.forEach((_, k) => keys.push(`composeExtensions[0].commands[${k}].title`, `composeExtensions[0].commands[${k}].description`));
  return keys;
}

/**
 * Problems of a manifest's language files: each must validate against the official Localization schema of
 * the manifest's version (shipped in @microsoft/app-manifest, read offline) and declare that version; every
 * key must name a string of the manifest; every string a person reads must be translated; a bot command's
 * title, if given, must be the manifest's.
 */
export function localizationProblems(manifest: Json, dir: string): string[] {
  const version = String(manifest.manifestVersion);
  const files = languageFiles(manifest);
  if (!files.length) return [];
  const schema = JSON.parse(fs.readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`), 'utf8')) as Json;
  delete schema.$schema;
  // the official schema has patterns that are valid JavaScript only without the `u` flag ("\b]")
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const problems: string[] = [];
  for (const { tag, file } of files) {
    const where = path.join(dir, file);
    if (!fs.existsSync(where)) {
      problems.push(`${file} (${tag}): the file is missing`);
      continue;
    }
    const strings = JSON.parse(fs.readFileSync(where, 'utf8')) as Json;
    if (!validate(strings)) problems.push(...(validate.errors ?? []).map((e) => `${file}: ${e.instancePath || '/'} ${e.message ?? ''}`.trim()));
    if (!String(strings.$schema ?? '').endsWith(`/v${version}/MicrosoftTeams.Localization.schema.json`)) problems.push(`${file}: $schema must be the v${version} Localization schema, as the manifest's version`);
    for (const key of Object.keys(strings).filter((k) => k !== '$schema')) {
      const value = at(manifest, key);
      if (typeof value !== 'string') problems.push(`${file}: "${key}" names nothing in the manifest`);
      else if (/^bots\[0\]\.commandLists\[\d+\]\.commands\[\d+\]\.title$/.test(key) && strings[key] !== value) problems.push(`${file}: "${key}" must stay "${value}" (the bot receives the title)`);
    }
    for (const key of localizableKeys(manifest)) if (typeof strings[key] !== 'string') problems.push(`${file}: "${key}" is not translated`);
  }
  return problems;
}
