import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Words that mark a text as Norwegian (bokmål or nynorsk), beside the letters æ, ø and å. */
export const NORWEGIAN_WORDS = ['ikke', 'ikkje', 'avbryt', 'til', 'og', 'er', 'sak', 'saker', 'saken', 'møte', 'melding', 'meldinger', 'kanal', 'kanalen', 'skriv', 'bruk', 'oppdaterer', 'vedlegg', 'forts', 'gjest', 'eller', 'ingen', 'ble', 'vart', 'frist', 'skjema', 'skjemaet', 'hjelp', 'neste', 'standard', 'tittel', 'beskrivelse'];
const WORD = new RegExp(`(^|[^\\p{L}])(${NORWEGIAN_WORDS.join('|')})(?=$|[^\\p{L}])`, 'iu');
const LETTER = /[æøåÆØÅ]/;

export interface Finding { file: string; line: number; text: string }

/** The text of each string literal and template part of a file, with its line (imports and type positions left out). */
function literals(file: string): { text: string; line: number; node: ts.Node }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { text: string; line: number; node: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Within a property assignment named one of `names` (e.g. a command's aliases: words people type, not text they read). */
function inProperty(node: ts.Node, names: readonly string[]): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && names.includes(n.name.text)) return true;
  }
  return false;
}

/**
 * Norwegian text outside the catalogs in `roots`: a string literal with æ, ø, å or a Norwegian word.
 * Not counted: the catalogs themselves, data (`exempt` files), words people type to the bot (a
 * command's `aliases` and `words`, and a literal or comparison listed in `inputWords`).
 */
export function norwegianOutsideCatalogs(roots: string[], exempt: readonly string[], inputWords: readonly string[]): Finding[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  roots.forEach(walk);
  return files
    .filter((f) => !f.startsWith(path.join('src', 'core', 'i18n') + path.sep) && !exempt.includes(f))
    .flatMap((file) => literals(file)
      .filter((l) => (LETTER.test(l.text) || WORD.test(l.text)) && !inProperty(l.node, ['aliases', 'words']) && !inputWords.includes(l.text))
      .map((l) => ({ file, line: l.line, text: l.text })));
}
