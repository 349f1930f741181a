import type { Liquid, Template } from 'liquidjs';
import { analyzeSync } from 'liquidjs';
import type { Clock } from '../../domain/clock.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { AppError } from '../../domain/errors.ts';
import type { FactScope, Facts } from '../../domain/facts.ts';
import type { OutputMode } from './liquid-sandbox.ts';
import { createSandbox } from './liquid-sandbox.ts';
import { explainUnknownVariable, templateVariables } from './template-variables.ts';

export type { OutputMode } from './liquid-sandbox.ts';

/** Error code of every template failure; stored in runs, so never renamed. */
export const TEMPLATE_FAILED = 'template_failed';

/** Longest template source accepted when saving and when rendering. Unit: characters. */
export const MAX_TEMPLATE_LENGTH = 20_000;

/** LiquidJS's allocation budget per render; a range like (1..100000000) is refused before it is built. */
const MEMORY_LIMIT = 10_000_000;

export interface TemplateEngineOptions {
  /** Wall time one render may take. Default: 50 ms. */
  readonly renderTimeLimitMs?: number;
  /** Longest output one render may produce; longer output fails the render. Default: 100 000 characters. */
  readonly maxOutputLength?: number;
  /** Compiled templates kept per output mode, least recently used dropped first. Default: 500. */
  readonly cacheSize?: number;
  /** Where "now" in date filters comes from. Default: the system clock. */
  readonly clock?: Clock;
}

export interface TemplateEngine {
  /**
   * Checks a template when a rule is saved: it parses, uses only allowed tags and known filters,
   * and reads only facts `scope` has. Each problem is reported on `pointer`.
   */
  validate(source: string, scope: FactScope, pointer: string): FieldProblem[];
  /** Renders plain text: values are written as they are. Throws AppError `template_failed`. */
  render(source: string, facts: Facts): Promise<string>;
  /** Renders HTML: every output is HTML-escaped unless the template says `| raw`. */
  renderHtml(source: string, facts: Facts): Promise<string>;
  /** The parsed template, from the cache when this source was parsed before. */
  compile(source: string, mode?: OutputMode): readonly Template[];
}

export function createTemplateEngine(options: TemplateEngineOptions = {}): TemplateEngine {
  const renderTimeLimitMs = options.renderTimeLimitMs ?? 50;
  const maxOutputLength = options.maxOutputLength ?? 100_000;
  const clock = options.clock ?? { now: () => new Date() };
  const limits = { maxSourceLength: MAX_TEMPLATE_LENGTH, renderTimeLimitMs, memoryLimit: MEMORY_LIMIT };
  const sandboxes: Record<OutputMode, Liquid> = {
    text: createSandbox('text', limits, clock),
    html: createSandbox('html', limits, clock),
  };
  // One cache per mode: LiquidJS adds the escape filter to outputs while parsing.
  const caches: Record<OutputMode, BoundedCache<readonly Template[]>> = {
    text: new BoundedCache(options.cacheSize ?? 500),
    html: new BoundedCache(options.cacheSize ?? 500),
  };

  const compile = (source: string, mode: OutputMode = 'text'): readonly Template[] => {
    const cached = caches[mode].get(source);
    if (cached !== undefined) return cached;
    let templates: readonly Template[];
    try {
      templates = sandboxes[mode].parse(source);
    } catch (error) {
      throw templateFailed(`The template cannot be used: ${describe(error, renderTimeLimitMs)}`, error);
    }
    caches[mode].set(source, templates);
    return templates;
  };

  const renderIn = async (mode: OutputMode, source: string, facts: Facts): Promise<string> => {
    const templates = compile(source, mode);
    let output: string;
    try {
      output = String(await sandboxes[mode].render(templates as Template[], templateVariables(facts)));
    } catch (error) {
      throw templateFailed(`The template failed to render: ${describe(error, renderTimeLimitMs)}`, error);
    }
    if (output.length > maxOutputLength) {
      throw templateFailed(
        `The template rendered ${output.length} characters; at most ${maxOutputLength} are allowed`,
      );
    }
    return output;
  };

  return {
    validate(source, scope, pointer) {
      if (source.length > MAX_TEMPLATE_LENGTH) {
        return [
          {
            field: pointer,
            message: `a template is at most ${MAX_TEMPLATE_LENGTH} characters long (this one has ${source.length})`,
          },
        ];
      }
      let templates: readonly Template[];
      try {
        templates = compile(source);
      } catch (error) {
        const cause = error instanceof AppError ? error.cause : error;
        return [{ field: pointer, message: describe(cause, renderTimeLimitMs) }];
      }
      return unknownVariables(templates, scope).map((message) => ({ field: pointer, message }));
    },
    render: (source, facts) => renderIn('text', source, facts),
    renderHtml: (source, facts) => renderIn('html', source, facts),
    compile,
  };
}

/**
 * Variables the template reads from the facts (not those it makes itself with assign, capture or
 * for) that are not facts in this scope; one message per distinct problem.
 */
function unknownVariables(templates: readonly Template[], scope: FactScope): string[] {
  const { globals } = analyzeSync(templates as Template[], { partials: false });
  const messages = new Set<string>();
  for (const variables of Object.values(globals)) {
    for (const variable of variables) {
      const reason = explainUnknownVariable(variable.segments, scope);
      if (reason === undefined) continue;
      const { row, col } = variable.location;
      messages.add(`${reason} (line ${row}, column ${col})`);
    }
  }
  return [...messages];
}

function templateFailed(message: string, cause?: unknown): AppError {
  return new AppError(TEMPLATE_FAILED, 'invalid', message, {
    ...(cause === undefined ? {} : { cause }),
    retryable: false,
  });
}

/** LiquidJS's message, with its limit errors and position suffix said in plain words. */
function describe(error: unknown, renderTimeLimitMs: number): string {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /, line:(\d+), col:(\d+)$/.exec(raw);
  const message = position === null ? raw : raw.slice(0, position.index);
  const text = plainMessage(message, renderTimeLimitMs) ?? message;
  return position === null ? text : `${text} (line ${position[1]}, column ${position[2]})`;
}

function plainMessage(message: string, renderTimeLimitMs: number): string | undefined {
  switch (message) {
    case 'template render limit exceeded':
      return `it ran longer than the limit of ${renderTimeLimitMs} ms`;
    case 'memory alloc limit exceeded':
      return 'it used more memory than a template may';
    case 'parse length limit exceeded':
      return `a template is at most ${MAX_TEMPLATE_LENGTH} characters long`;
    default: {
      const filter = /^undefined filter: (.+)$/.exec(message);
      return filter === null ? undefined : `unknown filter "${filter[1]}"`;
    }
  }
}

/** A Map that forgets its least recently used entry past `size`; Map keeps insertion order. */
class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #size: number;

  constructor(size: number) {
    this.#size = size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#size) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }
}
