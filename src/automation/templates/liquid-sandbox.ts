import type { FS, TagToken, TopLevelToken } from 'liquidjs';
import { Liquid, Tag } from 'liquidjs';
import type { Clock } from '../../domain/clock.ts';
import { DEFAULT_TIME_ZONE, templateFilters } from './filters.ts';
import { CountedForTag, meterRenders } from './metered-rendering.ts';

/**
 * The tags a template may use. Everything else LiquidJS knows is replaced by a tag that refuses to
 * parse, so a refused tag fails the same way when a robot is saved and when it renders.
 * `liquid` only groups other tags, which are checked against this list in turn.
 */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set([
  'if',
  'unless',
  'case',
  'for',
  'break',
  'continue',
  'assign',
  'capture',
  'comment',
  '#',
  'raw',
  'echo',
  'liquid',
]);

/** Tags that read other templates from files; named in the refusal so the reason is plain. */
const FILE_TAGS: ReadonlySet<string> = new Set(['include', 'render', 'layout', 'block']);

export interface SandboxLimits {
  /** Longest template source accepted, in characters. */
  readonly maxSourceLength: number;
  /** LiquidJS's allocation budget for one render (array items, string lengths). */
  readonly memoryLimit: number;
}

export type OutputMode = 'text' | 'html';

/**
 * A LiquidJS instance that can only read the facts it is given: own properties only (no
 * prototypes, so no `constructor` to climb to `Function`), no file system, no partials, known
 * filters only, bounded parse size and memory. Output, loops and steps are counted per render by
 * `renderMetered` (see metered-rendering.ts), never by LiquidJS's wall-clock `renderLimit`, which
 * would fail good templates on a busy machine. `html` mode escapes every output unless the
 * template says `| raw`; `text` mode writes values as they are.
 */
export function createSandbox(mode: OutputMode, limits: SandboxLimits, clock: Clock): Liquid {
  const liquid = new Liquid({
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    fs: REFUSING_FS,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    parseLimit: limits.maxSourceLength,
    memoryLimit: limits.memoryLimit,
    // Fixed so that output does not depend on the server's zone and locale.
    timezoneOffset: DEFAULT_TIME_ZONE,
    locale: 'en-US',
    dateFormat: '%Y-%m-%d %H:%M',
    ...(mode === 'html' ? { outputEscape: 'escape' as const } : {}),
  });
  for (const name of Object.keys(liquid.tags)) {
    if (!ALLOWED_TAGS.has(name)) liquid.registerTag(name, RefusedTag);
  }
  liquid.registerTag('for', CountedForTag);
  meterRenders(liquid);
  for (const [name, filter] of Object.entries(templateFilters(clock))) liquid.registerFilter(name, filter);
  return liquid;
}

/** Stands in for every tag outside ALLOWED_TAGS: parsing it fails with the tag's name. */
class RefusedTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    const reason = FILE_TAGS.has(token.name) ? ': templates cannot read other templates or files' : '';
    throw new Error(`the "${token.name}" tag is not allowed${reason}`);
  }

  render(): undefined {
    return undefined;
  }
}

function refuse(): never {
  throw new Error('templates cannot read files');
}

/** Second line of defence behind the refused tags: no lookup ever reaches the disk. */
const REFUSING_FS: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => refuse(),
  readFileSync: () => refuse(),
  resolve: () => refuse(),
  contains: async () => false,
  containsSync: () => false,
};
