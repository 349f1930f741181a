import { retryDelay } from '../domain/backoff.ts';
import { type AppError, toAppError } from '../domain/errors.ts';
import type { RunError } from '../domain/run.ts';
import { notifyUser } from './commands/notify-user.ts';
import type { EngineContext } from './engine-context.ts';
import type { EngineTx } from './ports.ts';
import { recordRunEvent, releaseAfter } from './run-records.ts';

/**
 * Records a failed attempt in its own transaction: a retry at the robot's backoff while the error
 * is retryable and attempts remain, else the final `failed` status, its event, and a notification
 * to the responsible user. Only the lease owner records it. Answers what it recorded; nothing
 * when the run is not this worker's any more.
 */
export async function recordFailure(
  context: EngineContext,
  tx: EngineTx,
  runId: string,
  error: unknown,
  owner: string,
): Promise<'retry_scheduled' | 'failed' | undefined> {
  const run = await tx.runs.findForUpdate(runId);
  // Another worker holds the run now (ours expired): its outcome is the one to record.
  if (run === undefined || run.status !== 'running' || run.leaseOwner !== owner) return undefined;
  const now = context.clock.now();
  const appError = toAppError(error);
  const stored = describeError(error, appError, run.attempts);
  const base = {
    itemId: run.itemId,
    runId: run.id,
    robotId: run.robotId,
    stageId: run.stageId,
    rootEventId: run.rootEventId,
    depth: run.depth,
  };
  const robot = await tx.rules.findRobot(run.robotId);
  if (appError.retryable && run.attempts < run.maxAttempts && robot !== undefined) {
    const dueAt = new Date(now.getTime() + retryDelay(run.attempts, robot.retry, context.random));
    if (!(await tx.runs.transition(run.id, ['running'], 'scheduled', { dueAt, error: stored }, now, owner)))
      return undefined;
    await tx.journal.add(
      {
        ...base,
        kind: 'run_retry_scheduled',
        message: `Attempt ${run.attempts} failed (${stored.message}); retry at ${dueAt.toISOString()}`,
        data: { error: stored, dueAt: dueAt.toISOString() },
      },
      now,
    );
    return 'retry_scheduled';
  }
  if (
    !(await tx.runs.transition(run.id, ['running'], 'failed', { finishedAt: now, error: stored }, now, owner))
  )
    return undefined;
  await tx.journal.add(
    {
      ...base,
      kind: 'run_failed',
      message: `Run failed after ${run.attempts} attempt(s): ${stored.message}`,
      data: { error: stored },
    },
    now,
  );
  await recordRunEvent(context, tx, run, 'run.failed', {
    error: { code: stored.code, message: stored.message, attempt: stored.attempt },
  });
  const item = await tx.items.find(run.itemId);
  if (item?.responsibleId != null) {
    await notifyUser(
      tx,
      {
        userId: item.responsibleId,
        kind: 'system',
        itemId: item.id,
        title: {
          en: `Robot "${robot?.name ?? run.robotId}" failed`,
          ru: `Робот «${robot?.name ?? run.robotId}» завершился ошибкой`,
        },
        body: {
          en: `It failed on "${item.title}": ${stored.message}`,
          ru: `Ошибка на карточке «${item.title}»: ${stored.message}`,
        },
      },
      now,
    );
  }
  await releaseAfter(context, tx, run);
  return 'failed';
}

/** The whole error for the journal: code, message, stack, cause chain and attempt. */
function describeError(error: unknown, appError: AppError, attempt: number): RunError {
  const causes: { message: string; code?: string }[] = [];
  let current: unknown = error instanceof Error ? error.cause : undefined;
  while (current instanceof Error && causes.length < 10) {
    const code = (current as { code?: unknown }).code;
    causes.push({ message: current.message, ...(typeof code === 'string' && { code }) });
    current = current.cause;
  }
  const original = error instanceof Error ? error : undefined;
  return {
    code: appError.code,
    message: appError.kind === 'internal' && original !== undefined ? original.message : appError.message,
    stack: original?.stack,
    causes,
    attempt,
    retryable: appError.retryable,
  };
}
