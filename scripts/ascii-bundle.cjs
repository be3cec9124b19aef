// For scripts/bundle.mjs: the bundle written in ASCII only. Node 20 then reads it as a one-byte string
// (src/bundle-code-cache.ts), several ms sooner than decoding 5.7 MB of UTF-8, and V8 keeps it in half the memory.
// esbuild already writes strings and names in ASCII; what it leaves are characters in comments (luxon's and
// others' JSDoc) and in regular expressions (ours: Æ, –), where a \uXXXX escape means the same. Checked, not
// assumed, on the parsed program: an escape must not land in the text of a template literal (its raw text would
// change) nor after a backslash (it would be escaped twice). test/deploy/ascii-bundle.test.ts
'use strict';
const ts = require('typescript');

const TEMPLATE_TEXT = new Set([ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);

/** `code` with every non-ASCII UTF-16 unit written as \uXXXX; throws where that would change the program. */
function asciiOnly(code) {
  const nonAscii = [...code.matchAll(/[^\x00-\x7f]/g)].map((m) => m.index);
  if (!nonAscii.length) return code;
  const parsed = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  if (parsed.parseDiagnostics.length) throw new Error(`the bundle does not parse: ${ts.flattenDiagnosticMessageText(parsed.parseDiagnostics[0].messageText, ' ')}`);
  const templateText = [];
  const visit = (node) => {
    if (TEMPLATE_TEXT.has(node.kind)) templateText.push([node.getStart(parsed), node.end]);
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  const unsafe = nonAscii.filter((at) => code[at - 1] === '\\' || templateText.some(([from, to]) => at >= from && at < to));
  if (unsafe.length) {
    throw new Error(`non-ASCII characters that cannot be escaped (in a template literal or after a backslash): ${unsafe.slice(0, 5).map((at) => JSON.stringify(code.slice(Math.max(0, at - 40), at + 10))).join(', ')}`);
  }
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

module.exports = { asciiOnly };
