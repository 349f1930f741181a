import { AppError } from '../../domain/errors.ts';
import { RenderLimitExceeded } from './render-budget.ts';

/** Error code of every template failure but the time backstop; stored in runs, so never renamed. */
export const TEMPLATE_FAILED = 'template_failed';
/** Error code of a render given up by the wall-clock backstop; retried, since the machine was slow. */
export const TEMPLATE_TIMED_OUT = 'template_timed_out';

const LIMIT_WORDS: Record<RenderLimitExceeded['limit'], (max: number) => string> = {
  output_bytes: (max) => `it wrote more than ${max} bytes (the output limit, captures included)`,
  loop_iterations: (max) => `its loops ran more than ${max} iterations (the loop limit)`,
  steps: (max) => `it rendered more than ${max} steps (the work limit: outputs, tags and loop iterations)`,
  memory: (max) => `it used more memory than a template may (the memory limit of ${max})`,
  render_time: (max) => `it ran longer than ${max} ms (the time limit)`,
};

/** The limits LiquidJS itself enforces, to name them in messages. */
export interface LiquidLimits {
  /** LiquidJS's memory budget of one render. */
  readonly memory: number;
  /** Longest template source. Unit: characters. */
  readonly sourceLength: number;
}

/** LiquidJS's error, said in plain words: limits named, its position suffix as "(line, column)". */
export function templateError(prefix: string, error: unknown, limits: LiquidLimits): AppError {
  const limit = findLimitError(error);
  if (limit !== undefined) {
    const details = { limit: limit.limit, max: limit.max, ...limit.work };
    const message = `${prefix}: ${LIMIT_WORDS[limit.limit](limit.max)}${position(error)}`;
    if (limit.limit === 'render_time') {
      return new AppError(TEMPLATE_TIMED_OUT, 'internal', message, {
        cause: error,
        details,
        retryable: true,
      });
    }
    return new AppError(TEMPLATE_FAILED, 'invalid', message, { cause: error, details, retryable: false });
  }
  const text = describeTemplateError(error, limits);
  const details = text.startsWith(LIMIT_WORDS.memory(limits.memory))
    ? { details: { limit: 'memory', max: limits.memory } }
    : {};
  return new AppError(TEMPLATE_FAILED, 'invalid', `${prefix}: ${text}`, {
    cause: error,
    ...details,
    retryable: false,
  });
}

/** The message of a template that cannot be used, for a problem reported when a rule is saved. */
export function describeTemplateError(error: unknown, limits: LiquidLimits): string {
  const raw = error instanceof Error ? error.message : String(error);
  const match = POSITION.exec(raw);
  const message = match === null ? raw : raw.slice(0, match.index);
  return `${plainMessage(message, limits) ?? message}${position(error)}`;
}

const POSITION = /, line:(\d+), col:(\d+)$/;

function position(error: unknown): string {
  const match = POSITION.exec(error instanceof Error ? error.message : '');
  return match === null ? '' : ` (line ${match[1]}, column ${match[2]})`;
}

function plainMessage(message: string, limits: LiquidLimits): string | undefined {
  switch (message) {
    case 'memory alloc limit exceeded':
      return LIMIT_WORDS.memory(limits.memory);
    case 'parse length limit exceeded':
      return `a template is at most ${limits.sourceLength} characters long`;
    default: {
      const filter = /^undefined filter: (.+)$/.exec(message);
      return filter === null ? undefined : `unknown filter "${filter[1]}"`;
    }
  }
}

/** LiquidJS wraps what a render throws (`originalError`), once per enclosing tag. */
function findLimitError(error: unknown): RenderLimitExceeded | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 50 && current instanceof Error; depth += 1) {
    if (current instanceof RenderLimitExceeded) return current;
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return undefined;
}
