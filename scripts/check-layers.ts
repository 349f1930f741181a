import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages that only compute (no I/O, no global state), which the pure domain layer may use. */
const PURE_PACKAGES: ReadonlySet<string> = new Set(['luxon', 'typebox', 're2js', 'libphonenumber-js']);

/**
 * Keeps the layers of DESIGN.md §3 honest: imports point downwards only. Usage:
 *   node scripts/check-layers.ts [root]      (root defaults to src)
 * Exit 0 when clean, 1 listing each violation as file:line, 2 when the root cannot be read.
 */

/** Lower ranks are lower layers. Folders of the same rank must not import each other. */
export const LAYER_RANKS: Readonly<Record<string, number>> = {
  domain: 0,
  automation: 1,
  store: 2,
  queue: 2,
  channels: 2,
  api: 3,
  cli: 4,
};

export interface ImportRef {
  readonly specifier: string;
  readonly line: number;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

interface Token {
  readonly type: 'word' | 'string' | 'template' | 'punct';
  readonly value: string;
  readonly line: number;
}

const WORD = /[\w$\u0080-\uffff]/;
/** After these words a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void']);
const AFTER_VALUE = new Set([')', ']', '}']);

/** Just enough of a TypeScript scanner to tell code from comments, strings and regexes. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const braces: ('brace' | 'template')[] = [];
  let i = 0;
  let line = 1;
  const push = (type: Token['type'], value: string, at: number) => tokens.push({ type, value, line: at });
  const readTemplate = (start: number) => {
    let text = '';
    while (i < source.length) {
      const c = source[i] as string;
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        return push('string', text, start);
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        braces.push('template');
        return push('template', text, start);
      } else {
        if (c === '\n') line++;
        text += c;
        i++;
      }
    }
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      line += source.slice(i, stop).split('\n').length - 1;
      i = stop;
    } else if (c === '"' || c === "'") {
      const start = line;
      let text = '';
      i++;
      while (i < source.length && source[i] !== c && source[i] !== '\n') {
        text += source[i] === '\\' ? source.slice(i, i + 2) : source[i];
        i += source[i] === '\\' ? 2 : 1;
      }
      i++;
      push('string', text, start);
    } else if (c === '`') {
      i++;
      readTemplate(line);
    } else if (c === '}' && braces.at(-1) === 'template') {
      braces.pop();
      readTemplate(line);
    } else if (c === '/' && startsRegex(tokens.at(-1))) {
      let inClass = false;
      i++;
      while (i < source.length && source[i] !== '\n' && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < source.length && /[a-z]/.test(source[i] as string)) i++;
      push('punct', '/regex/', line);
    } else if (WORD.test(c)) {
      let word = '';
      while (i < source.length && WORD.test(source[i] as string)) word += source[i++];
      push('word', word, line);
    } else {
      if (c === '{') braces.push('brace');
      if (c === '}') braces.pop();
      push('punct', c, line);
      i++;
    }
  }
  return tokens;
}

function startsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.type === 'word') return BEFORE_REGEX.has(previous.value);
  if (previous.type === 'punct') return !AFTER_VALUE.has(previous.value);
  return false;
}

/** Static imports, re-exports and `import()` calls with a literal specifier. */
export function findImports(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const found: ImportRef[] = [];
  const at = (k: number): Token | undefined => tokens[k];
  const isPunct = (k: number, value: string) => at(k)?.type === 'punct' && at(k)?.value === value;
  const fromClause = (k: number): string | undefined => {
    // `... from 'x'` within the statement: stop at its end or at the next statement keyword.
    for (let j = k; j < tokens.length && !isPunct(j, ';'); j++) {
      const token = at(j) as Token;
      if (token.type === 'word' && token.value === 'from' && at(j + 1)?.type === 'string') {
        return at(j + 1)?.value;
      }
      if (j > k && token.type === 'word' && (token.value === 'import' || token.value === 'export')) return;
    }
    return undefined;
  };
  tokens.forEach((token, k) => {
    if (token.type !== 'word' || isPunct(k - 1, '.') || isPunct(k + 1, '.')) return;
    let specifier: string | undefined;
    if (token.value === 'import') {
      if (isPunct(k + 1, '(')) {
        specifier = at(k + 2)?.type === 'string' ? at(k + 2)?.value : undefined;
      } else if (at(k + 1)?.type === 'string') {
        specifier = at(k + 1)?.value;
      } else {
        specifier = fromClause(k + 1);
      }
    } else if (token.value === 'export') {
      const first = at(k + 1)?.value === 'type' ? k + 2 : k + 1;
      if (isPunct(first, '*') || isPunct(first, '{')) specifier = fromClause(first);
    }
    if (specifier !== undefined) found.push({ specifier, line: token.line });
  });
  return found;
}

function listSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return listSources(path);
      return /\.[cm]?tsx?$/.test(entry.name) ? [path] : [];
    });
}

const ORDER = 'domain 0 < automation 1 < store, queue, channels 2 < api 3 < cli 4';

/** Checks every TypeScript file under `root`; answers the violations, in file order. */
export function checkLayers(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of listSources(root)) {
    const shown = relative(process.cwd(), file) || file;
    const segments = relative(root, file).split(sep);
    const layer = segments.length > 1 ? (segments[0] as string) : '';
    const rank = LAYER_RANKS[layer];
    if (rank === undefined) {
      violations.push({
        file: shown,
        line: 1,
        rule: `every file lives in a layer folder (${Object.keys(LAYER_RANKS).join(', ')})`,
      });
      continue;
    }
    const isTest = /\.test\.[cm]?tsx?$/.test(file);
    for (const { specifier, line } of findImports(readFileSync(file, 'utf8'))) {
      const report = (rule: string) => violations.push({ file: shown, line, rule });
      if (!specifier.startsWith('.')) {
        if (layer !== 'domain') continue;
        if (!specifier.startsWith('node:')) {
          const name = specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : specifier.split('/')[0];
          if (!PURE_PACKAGES.has(name ?? '')) {
            report(
              `domain is pure: it imports only computation packages (${[...PURE_PACKAGES].join(', ')}), not '${specifier}'`,
            );
          }
        } else if (!isTest) report(`domain does no I/O: Node built-ins only in its tests ('${specifier}')`);
        continue;
      }
      const target = relative(root, resolve(dirname(file), specifier));
      if (target.startsWith('..') || isAbsolute(target)) continue;
      const targetLayer = target.split(sep)[0] as string;
      const targetRank = LAYER_RANKS[targetLayer];
      if (targetRank === undefined || targetLayer === layer) continue;
      if (targetRank > rank) {
        report(
          `${layer} must not import ${targetLayer} ('${specifier}'): imports point downwards (${ORDER})`,
        );
      } else if (targetRank === rank) {
        report(
          `${layer} must not import ${targetLayer} ('${specifier}'): layers of the same rank are independent`,
        );
      }
    }
  }
  return violations;
}

function run(argv: readonly string[]): number {
  const root = resolve(argv[0] ?? 'src');
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    process.stderr.write(`check-layers: ${root} is not a folder\n`);
    return 2;
  }
  const violations = checkLayers(root);
  for (const v of violations) process.stderr.write(`${v.file}:${v.line}: ${v.rule}\n`);
  if (violations.length > 0) {
    process.stderr.write(`check-layers: ${violations.length} layer violation(s)\n`);
    return 1;
  }
  process.stdout.write(`check-layers: ${listSources(root).length} files, imports point downwards\n`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = run(process.argv.slice(2));
}
