// The English source bundle of the extension's messages: l10n/bundle.l10n.json, what translators
// translate into l10n/bundle.l10n.<language>.json (VS Code loads it through package.json's "l10n").
//   node scripts/l10n.mjs          (npm run l10n) rewrites the bundle from the sources
// A message is the first argument of a call to t(...) or <something>.t(...) in extension/ and
// webview/: vscode.l10n.t, the translator pure modules take (named t), the page's t() (webview/l10n.ts). The TypeScript parser
// reads the calls, so a message split over lines ('a ' + 'b') is one message, as at run time; a
// message may also be a top-level string constant (t(NO_VECTORS)).
// test/unit/l10n.test.ts checks the bundle against the sources with the same function.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(root, 'l10n', 'bundle.l10n.json');
const SOURCE_DIRS = ['extension', 'webview'];

function sources(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (e === 'assembly' || e === 'node_modules') continue;
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** `t(...)` or `<anything>.t(...)` (vscode.l10n.t, opts.t): the callees whose first argument is a message. */
function isTranslatorCall(node) {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't';
}

/** Whether `arg` is a parameter of a function around it: a translator wrapper forwarding its message. */
function forwardsParameter(arg) {
  if (!ts.isIdentifier(arg)) return false;
  for (let n = arg.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) && n.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === arg.text)) return true;
  }
  return false;
}

/** The string a literal expression (a literal, a template without holes, or literals joined by +) stands for, or undefined. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = literalText(node.left), b = literalText(node.right);
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  return undefined;
}

/**
 * Every message in the sources: { messages: Map<message, "file:line" of its first use>, problems }.
 * A translator call whose message is not a literal is a problem: no bundle could hold its key.
 */
export function extractMessages() {
  const messages = new Map();
  const problems = [];
  const files = SOURCE_DIRS.flatMap((dir) => sources(join(root, dir)))
    .map((file) => ({ file, sf: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS) }));
  // Top-level `const NAME = '...'`: a message may be such a constant (NO_VECTORS), here or imported.
  const constants = new Map();
  for (const { sf } of files) {
    for (const st of sf.statements) {
      if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const d of st.declarationList.declarations) {
        const v = d.initializer && ts.isIdentifier(d.name) ? literalText(d.initializer) : undefined;
        if (v !== undefined) constants.set(d.name.text, v);
      }
    }
  }
  for (const { file, sf } of files) {
    const where = (n) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
    const visit = (n) => {
      if (ts.isCallExpression(n) && isTranslatorCall(n) && n.arguments.length > 0) {
        const arg = n.arguments[0];
        const m = literalText(arg) ?? (ts.isIdentifier(arg) ? constants.get(arg.text) : undefined);
        if (m === undefined && forwardsParameter(arg)) {
          // A wrapper passing its own parameter on (html.ts escapes what opts.t returns): its callers' messages count.
        } else if (m === undefined) problems.push(`${where(n)}: the message of ${n.expression.getText(sf)}(...) is not a string literal`);
        else if (!messages.has(m)) messages.set(m, where(n));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return { messages, problems };
}

/** The bundle's text for these messages: English to English, sorted, as `@vscode/l10n-dev export` writes it. */
export function bundleText(messages) {
  const sorted = [...messages.keys()].sort();
  return JSON.stringify(Object.fromEntries(sorted.map((m) => [m, m])), null, 2) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { messages, problems } = extractMessages();
  if (problems.length) {
    console.error(`l10n: ${problems.join('\n  ')}`);
    process.exit(1);
  }
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(BUNDLE, bundleText(messages));
  console.log(`l10n: ${messages.size} messages in ${relative(root, BUNDLE)}`);
}
