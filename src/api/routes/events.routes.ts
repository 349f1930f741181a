import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import { AppError, type FieldProblem } from '../../domain/errors.ts';
import { findEventType } from '../../domain/events/catalogue.ts';
import type { IncomingEvent } from '../../domain/events/event.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { responses } from '../schemas/common.ts';
import { type EventInputSchema, EventsAnswerSchema, EventsBodySchema } from '../schemas/events.ts';

type EventInput = Static<typeof EventInputSchema>;

/** Checks an event against the catalogue; problems name the field under `pointer`. */
function checkEvent(input: EventInput, pointer: string): FieldProblem[] {
  const definition = findEventType(input.type);
  if (definition === undefined)
    return [{ field: `${pointer}/type`, message: `"${input.type}" is not a known event type` }];
  if (definition.internal) {
    return [
      {
        field: `${pointer}/type`,
        message: `"${input.type}" is emitted by Stageflow itself and cannot be posted`,
      },
    ];
  }
  return [...Value.Errors(definition.data, input.data ?? {})].flatMap((issue) => {
    // A missing property is named itself, not the object that lacks it.
    const missing = (issue.params as { requiredProperties?: unknown }).requiredProperties;
    if (issue.keyword === 'required' && Array.isArray(missing)) {
      return missing.map((name) => ({
        field: `${pointer}/data${issue.instancePath}/${String(name)}`,
        message: 'is required',
      }));
    }
    return [{ field: `${pointer}/data${issue.instancePath}`, message: issue.message }];
  });
}

export function registerEventsRoutes(app: App, { engine, clock, ids }: AppContext): void {
  app.post(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Post one event or a batch',
        description:
          'Each event is stored before the answer and processed once: the same id again is answered as a duplicate. ' +
          'A batch is all or nothing: one invalid event refuses the whole batch.',
        body: EventsBodySchema,
        response: responses({ 202: EventsAnswerSchema }),
      },
    },
    async (request, reply) => {
      const batch = Array.isArray(request.body);
      const inputs = Array.isArray(request.body) ? request.body : [request.body];
      const problems = inputs.flatMap((input, index) =>
        checkEvent(input, batch ? `/body/${index}` : '/body'),
      );
      if (problems.length > 0) {
        throw new AppError('invalid_event', 'invalid', `${problems[0]?.field} ${problems[0]?.message}`, {
          fields: problems,
        });
      }
      const now = clock.now();
      const events: IncomingEvent[] = inputs.map((input) => ({
        id: input.id ?? ids(),
        type: input.type,
        source: 'api',
        occurredAt: input.occurredAt === undefined ? now : new Date(input.occurredAt),
        subject: input.subject,
        data: input.data ?? {},
      }));
      const results = await engine.accept(events);
      return reply.status(202).send(batch ? { results } : results[0]!);
    },
  );
}
