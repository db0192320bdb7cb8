// The library's development-only text, read from its source: every string in a branch that
// runs only when `process.env.NODE_ENV !== 'production'` (written as that test or as core's
// `DEV` constant). A production build of a consuming app must contain none of it.
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import ts from 'typescript';
import { root } from './buildDemo';

const PRODUCTION_TEST = /^process\.env\.NODE_ENV\s*(===?|!==?)\s*['"]production['"]$/;

/** For a condition: true when it holds only in development, false only in production, null when neither. */
function developmentWhen(condition: ts.Expression): boolean | null {
  const text = condition.getText().replace(/^\((.*)\)$/s, '$1').trim();
  if (text === 'DEV') return true;
  if (text === '!DEV') return false;
  const m = PRODUCTION_TEST.exec(text);
  return m ? m[1].startsWith('!') : null;
}

function stringsIn(node: ts.Node, out: string[]) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
  else if (ts.isTemplateExpression(node)) {
    out.push(node.head.text);
    for (const span of node.templateSpans) out.push(span.literal.text);
  }
  node.forEachChild((child) => stringsIn(child, out));
}

function devBranches(node: ts.Node, out: ts.Node[]) {
  const pick = (condition: ts.Expression, whenDev: ts.Node | undefined, whenProd: ts.Node | undefined) => {
    const dev = developmentWhen(condition);
    const branch = dev === true ? whenDev : dev === false ? whenProd : undefined;
    if (branch) out.push(branch);
  };
  if (ts.isConditionalExpression(node)) pick(node.condition, node.whenTrue, node.whenFalse);
  else if (ts.isIfStatement(node)) pick(node.expression, node.thenStatement, node.elseStatement);
  else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) pick(node.left, node.right, undefined);
  node.forEachChild((child) => devBranches(child, out));
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

/**
 * The development-only strings of the library that ships to apps (src/ except the CLI, the
 * server and the native entry), trimmed; pieces shorter than 8 characters are left out, as
 * they could occur anywhere.
 */
export function devOnlyText(): string[] {
  const shipped = ['core', 'taro', 'react'].flatMap((dir) => sourceFiles(join(root, 'src', dir))).concat(join(root, 'src', 'index.ts'));
  return [...new Set(shipped.flatMap((file) => devOnlyStringsOf(readFileSync(file, 'utf8'), file)))];
}

/** The development-only strings of one source text (8 characters or more, trimmed). */
export function devOnlyStringsOf(text: string, fileName = 'source.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const branches: ts.Node[] = [];
  devBranches(source, branches);
  const strings: string[] = [];
  for (const branch of branches) stringsIn(branch, strings);
  return strings.map((s) => s.trim()).filter((s) => s.length >= 8);
}
