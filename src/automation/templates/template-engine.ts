import type { Liquid, Template } from 'liquidjs';
import { analyzeSync } from 'liquidjs';
import type { Clock } from '../../domain/clock.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { AppError } from '../../domain/errors.ts';
import type { FactScope, Facts } from '../../domain/facts.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { OutputMode } from './liquid-sandbox.ts';
import { createSandbox } from './liquid-sandbox.ts';
import { renderMetered } from './metered-rendering.ts';
import { RenderBudget, type RenderBudgetLimits } from './render-budget.ts';
import { describeTemplateError, type LiquidLimits, templateError } from './template-errors.ts';
import { explainUnknownVariable, templateVariables } from './template-variables.ts';

export type { OutputMode } from './liquid-sandbox.ts';
export { TEMPLATE_FAILED, TEMPLATE_TIMED_OUT } from './template-errors.ts';

/** Longest template source accepted when saving and when rendering. Unit: characters. */
export const MAX_TEMPLATE_LENGTH = 20_000;

/** LiquidJS's allocation budget per render; a range like (1..100000000) is refused before it is built. */
const MEMORY_LIMIT = 10_000_000;

/**
 * The work one render may do. A good template stays far below these on any machine; a runaway
 * one (nested loops, doubling captures, a 20 MB output) is stopped by a count, long before it
 * could hold the event loop, and fails for good: the same template and data would fail again.
 */
export const DEFAULT_RENDER_LIMITS = {
  maxOutputBytes: 256 * 1024,
  maxLoopIterations: 10_000,
  maxSteps: 100_000,
  renderTimeLimitMs: 5_000,
} as const;

export interface TemplateEngineOptions {
  /** Bytes (UTF-8) one render may write, to its output and into captures together. Default: 256 KiB. */
  readonly maxOutputBytes?: number;
  /** Iterations of all `for` loops of one render together. Default: 10 000. */
  readonly maxLoopIterations?: number;
  /** Template nodes rendered plus loop iterations, per render. Default: 100 000. */
  readonly maxSteps?: number;
  /**
   * Backstop only: wall time after which a render is given up with the retryable error
   * `template_timed_out` (the work limits stop runaway templates long before). Default: 5 000 ms.
   */
  readonly renderTimeLimitMs?: number;
  /** Monotonic time for the backstop. Unit: ms. Default: performance.now. */
  readonly monotonicNow?: () => number;
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
  /**
   * Renders plain text: values are written as they are. Throws AppError `template_failed` (a
   * limit's name in `details.limit`), or the retryable `template_timed_out`.
   */
  render(source: string, facts: Facts): Promise<string>;
  /** Renders HTML: every output is HTML-escaped unless the template says `| raw`. */
  renderHtml(source: string, facts: Facts): Promise<string>;
  /** The parsed template, from the cache when this source was parsed before. */
  compile(source: string, mode?: OutputMode): readonly Template[];
}

const LIQUID_LIMITS: LiquidLimits = { memory: MEMORY_LIMIT, sourceLength: MAX_TEMPLATE_LENGTH };

export function createTemplateEngine(options: TemplateEngineOptions = {}): TemplateEngine {
  const budgetLimits: RenderBudgetLimits = {
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_RENDER_LIMITS.maxOutputBytes,
    maxLoopIterations: options.maxLoopIterations ?? DEFAULT_RENDER_LIMITS.maxLoopIterations,
    maxSteps: options.maxSteps ?? DEFAULT_RENDER_LIMITS.maxSteps,
    renderTimeLimitMs: options.renderTimeLimitMs ?? DEFAULT_RENDER_LIMITS.renderTimeLimitMs,
    now: options.monotonicNow ?? (() => performance.now()),
  };
  const clock = options.clock ?? { now: () => new Date() };
  const limits = { maxSourceLength: MAX_TEMPLATE_LENGTH, memoryLimit: MEMORY_LIMIT };
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
      throw templateError('The template cannot be used', error, LIQUID_LIMITS);
    }
    caches[mode].set(source, templates);
    return templates;
  };

  const renderIn = async (mode: OutputMode, source: string, facts: Facts): Promise<string> => {
    const templates = compile(source, mode);
    try {
      return await renderMetered(
        sandboxes[mode],
        templates,
        templateVariables(facts),
        new RenderBudget(budgetLimits),
      );
    } catch (error) {
      throw templateError('The template failed to render', error, LIQUID_LIMITS);
    }
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
        return [{ field: pointer, message: describeTemplateError(cause, LIQUID_LIMITS) }];
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
