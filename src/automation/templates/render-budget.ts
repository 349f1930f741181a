import { toValue } from 'liquidjs';

/**
 * Limits of one render, counted in work rather than in milliseconds, so a template renders the
 * same on a slow machine as on a fast one. Stored in run errors (`details.limit`): never renamed.
 */
export const RENDER_LIMITS = ['output_bytes', 'loop_iterations', 'steps', 'memory', 'render_time'] as const;
export type RenderLimit = (typeof RENDER_LIMITS)[number];

export interface RenderBudgetLimits {
  /** Bytes (UTF-8) a render may write, to its output and into `capture`s together. */
  readonly maxOutputBytes: number;
  /** Iterations of all `for` loops of a render together. */
  readonly maxLoopIterations: number;
  /** Template nodes rendered (outputs, tags, text) plus loop iterations. */
  readonly maxSteps: number;
  /** Wall time after which a render is given up as a backstop. Unit: ms. */
  readonly renderTimeLimitMs: number;
  /** A monotonic clock for the backstop. Unit: ms. */
  readonly now: () => number;
}

/** What one render has done so far; reported with a limit error. */
export interface RenderWork {
  readonly outputBytes: number;
  readonly loopIterations: number;
  readonly steps: number;
}

/** Thrown from inside a render when a limit is reached; the engine turns it into an AppError. */
export class RenderLimitExceeded extends Error {
  readonly limit: RenderLimit;
  readonly max: number;
  readonly work: RenderWork;

  constructor(limit: RenderLimit, max: number, work: RenderWork) {
    super(`render limit "${limit}" of ${max} exceeded`);
    this.name = 'RenderLimitExceeded';
    this.limit = limit;
    this.max = max;
    this.work = work;
  }
}

/** Steps between two yields to the event loop, so a long render never holds it for long. */
const STEPS_PER_SLICE = 500;

/** The counters of one render. Every check happens before the work it pays for is done. */
export class RenderBudget {
  readonly #limits: RenderBudgetLimits;
  readonly #deadline: number;
  #outputBytes = 0;
  #loopIterations = 0;
  #steps = 0;
  #nextYield = STEPS_PER_SLICE;

  constructor(limits: RenderBudgetLimits) {
    this.#limits = limits;
    this.#deadline = limits.now() + limits.renderTimeLimitMs;
  }

  get work(): RenderWork {
    return { outputBytes: this.#outputBytes, loopIterations: this.#loopIterations, steps: this.#steps };
  }

  /** Pays for rendering `nodes` template nodes, one of them a loop iteration when `iteration`. */
  spend(nodes: number, iteration: boolean): void {
    if (iteration) {
      if (this.#loopIterations >= this.#limits.maxLoopIterations) {
        this.#fail('loop_iterations', this.#limits.maxLoopIterations);
      }
      this.#loopIterations += 1;
    }
    const steps = nodes + (iteration ? 1 : 0);
    if (this.#steps + steps > this.#limits.maxSteps) this.#fail('steps', this.#limits.maxSteps);
    this.#steps += steps;
    if (this.#limits.now() > this.#deadline) this.#fail('render_time', this.#limits.renderTimeLimitMs);
  }

  /** Whether the render has worked long enough since it last let other tasks run. */
  takeSlice(): boolean {
    if (this.#steps < this.#nextYield) return false;
    this.#nextYield = this.#steps + STEPS_PER_SLICE;
    return true;
  }

  /** Pays for writing `text`. Checked before the text is appended, so output never grows past the cap. */
  write(text: string): void {
    const remaining = this.#limits.maxOutputBytes - this.#outputBytes;
    // A UTF-16 unit is at least one byte: a long string fails without being measured.
    const bytes = text.length > remaining ? remaining + 1 : Buffer.byteLength(text, 'utf8');
    if (bytes > remaining) this.#fail('output_bytes', this.#limits.maxOutputBytes);
    this.#outputBytes += bytes;
  }

  #fail(limit: RenderLimit, max: number): never {
    throw new RenderLimitExceeded(limit, max, this.work);
  }
}

/** LiquidJS's emitter contract (`write`, `buffer`), paying for every write from the budget. */
export class BudgetedEmitter {
  buffer = '';
  readonly #budget: RenderBudget;

  constructor(budget: RenderBudget) {
    this.#budget = budget;
  }

  write(html: unknown): void {
    const text = stringify(html);
    this.#budget.write(text);
    this.buffer += text;
  }
}

/** How LiquidJS's own emitter turns a value into text (drops, nil, arrays). */
function stringify(value: unknown): string {
  const plain: unknown = toValue(value);
  if (typeof plain === 'string') return plain;
  if (plain === null || plain === undefined) return '';
  if (Array.isArray(plain)) return plain.map((entry) => stringify(entry)).join('');
  return String(plain);
}
