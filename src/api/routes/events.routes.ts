import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  isBinaryMode,
  type MappingResult,
  mapBinary,
  mapStructured,
} from '../../channels/cloudevents/cloudevent-mapping.ts';
import { AppError, type CodeOfKind, type FieldProblem } from '../../domain/errors.ts';
import { findEventType } from '../../domain/events/catalogue.ts';
import type { IncomingEvent } from '../../domain/events/event.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { exactJsonParser } from '../json-body.ts';
import { leaveInFlight } from '../load-shedding.ts';
import { preferredWait } from '../prefer-wait.ts';
import { responses } from '../schemas/common.ts';
import { documentEventInputs } from '../schemas/documented-unions.ts';
import { type EventInputSchema, EventsAnswerSchema, EventsBodySchema } from '../schemas/events.ts';
import { CloudEventBatchSchema, CloudEventSchema } from '../schemas/inbound.ts';

type EventInput = Static<typeof EventInputSchema>;

const CLOUDEVENT = 'application/cloudevents+json';
const CLOUDEVENT_BATCH = 'application/cloudevents-batch+json';

/** Where a problem with an event is reported: its type and its data, as the sender wrote them. */
interface Pointers {
  readonly type: string;
  readonly subject: string;
  readonly data: string;
}

/** Checks an event against the catalogue; problems name the field under the pointers. */
function checkEvent(input: EventInput, at: Pointers): FieldProblem[] {
  const definition = findEventType(input.type);
  if (definition === undefined)
    return [{ field: at.type, message: `"${input.type}" is not a known event type` }];
  if (definition.internal) {
    return [
      { field: at.type, message: `"${input.type}" is emitted by Stageflow itself and cannot be posted` },
    ];
  }
  const subjects = definition.subjects;
  if (subjects !== undefined && !subjects.some((key) => input.subject[key] !== undefined)) {
    const names = subjects.join(' or ');
    return [{ field: at.subject, message: `a ${input.type} event must name ${names}` }];
  }
  return [...Value.Errors(definition.data, input.data ?? {})].flatMap((issue) => {
    // A missing property is named itself, not the object that lacks it.
    const missing = (issue.params as { requiredProperties?: unknown }).requiredProperties;
    if (issue.keyword === 'required' && Array.isArray(missing)) {
      return missing.map((name) => ({
        field: `${at.data}${issue.instancePath}/${String(name)}`,
        message: 'is required',
      }));
    }
    return [{ field: `${at.data}${issue.instancePath}`, message: issue.message }];
  });
}

function refuse(problems: readonly FieldProblem[], code: CodeOfKind<'invalid'> = 'invalid_event'): never {
  throw new AppError(code, 'invalid', `${problems[0]?.field} ${problems[0]?.message}`, { fields: problems });
}

const mapped = (result: MappingResult) =>
  result.ok ? result.event : refuse(result.problems, 'invalid_cloudevent');

/**
 * The events of a request with the pointers their problems are named by. Plain Stageflow events
 * and CloudEvents in structured mode (one or a batch) arrive in the body; a binary-mode CloudEvent
 * was turned into a Stageflow event before validation (see the preValidation hook).
 */
function eventsOf(request: FastifyRequest): { inputs: EventInput[]; pointers: Pointers[]; batch: boolean } {
  const body = request.body as unknown;
  const cloud = request.mediaType === CLOUDEVENT || request.mediaType === CLOUDEVENT_BATCH;
  const binary = request.headers['ce-specversion'] !== undefined && !cloud;
  const batch = Array.isArray(body);
  const raw = Array.isArray(body) ? body : [body];
  const inputs = cloud
    ? raw.map((one, index) => mapped(mapStructured(one, batch ? `/body/${index}` : '/body')) as EventInput)
    : (raw as EventInput[]);
  const pointers = inputs.map((_input, index) => {
    const at = batch ? `/body/${index}` : '/body';
    if (binary) return { type: '/headers/ce-type', subject: '/headers/ce-subject', data: '/body' };
    return { type: `${at}/type`, subject: `${at}/subject`, data: `${at}/data` };
  });
  return { inputs, pointers, batch };
}

export function registerEventsRoutes(app: App, { engine, clock, ids }: AppContext): void {
  const json = exactJsonParser(app);
  app.addContentTypeParser([CLOUDEVENT, CLOUDEVENT_BATCH], { parseAs: 'string' }, json);

  app.post(
    '/api/v1/events',
    {
      config: { swaggerTransform: documentEventInputs },
      schema: {
        tags: ['events'],
        summary: 'Post one event or a batch (Stageflow JSON or CloudEvents 1.0)',
        description:
          'Each event is stored before the answer and processed once: the same id again is answered as a duplicate. ' +
          'A batch is all or nothing: one invalid event refuses the whole batch. ' +
          `CloudEvents 1.0 are accepted in structured mode (${CLOUDEVENT}, ${CLOUDEVENT_BATCH}) and in ` +
          'binary mode (ce-specversion, ce-id, ce-source, ce-type, ce-subject headers and a JSON body as data); ' +
          'their event id is "ce:<source>#<id>", so the same source and id twice is a duplicate. ' +
          'The answer (202) comes once the events are stored, before they are processed. With ' +
          '"Prefer: wait=N" (N seconds, at most 30) it waits until they are processed: 200 if they ' +
          'were within N seconds, 202 if not (they are processed later); "Preference-Applied" says so.',
        body: {
          content: {
            'application/json': { schema: EventsBodySchema },
            [CLOUDEVENT]: { schema: CloudEventSchema },
            [CLOUDEVENT_BATCH]: { schema: CloudEventBatchSchema },
          },
        },
        response: responses({ 200: EventsAnswerSchema, 202: EventsAnswerSchema }),
      },
      preValidation: async (request) => {
        if (!isBinaryMode(request.headers) || request.mediaType === CLOUDEVENT) return;
        if (request.mediaType === CLOUDEVENT_BATCH) {
          refuse([{ field: '/headers/ce-specversion', message: 'a batch cannot be sent in binary mode' }]);
        }
        // Binary mode: the attributes are headers and the body is the data; from here on the
        // request is an ordinary Stageflow event, checked by the JSON schema like any other.
        request.body = mapped(mapBinary(request.headers, request.body));
      },
    },
    async (request, reply) => {
      const { inputs, pointers, batch } = eventsOf(request);
      const problems = inputs.flatMap((input, index) => checkEvent(input, pointers[index] as Pointers));
      if (problems.length > 0) refuse(problems);
      const cloud =
        request.mediaType === CLOUDEVENT ||
        request.mediaType === CLOUDEVENT_BATCH ||
        isBinaryMode(request.headers);
      const now = clock.now();
      const events: IncomingEvent[] = inputs.map((input) => ({
        id: input.id ?? ids(),
        type: input.type,
        source: cloud ? 'cloudevents' : 'api',
        occurredAt: input.occurredAt === undefined ? now : new Date(input.occurredAt),
        subject: input.subject,
        data: input.data ?? {},
      }));
      const results = await engine.accept(events);
      const answer = batch ? { results } : results[0]!;
      const wait = preferredWait(request.headers.prefer);
      if (wait === undefined) return reply.status(202).send(answer);
      reply.header('preference-applied', `wait=${wait}`);
      // Stored: the rest is waiting, which takes no share of the database, so no slot either.
      leaveInFlight(request);
      const done = await engine.waitForEvents(
        results.map((result) => result.id),
        AbortSignal.timeout(wait * 1000),
      );
      return reply.status(done ? 200 : 202).send(answer);
    },
  );
}
