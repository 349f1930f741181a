import { Value } from 'typebox/value';
import type { FieldProblem } from '../domain/errors.ts';
import type { FactScope } from '../domain/facts.ts';
import type { Pipeline } from '../domain/pipeline.ts';
import type { ActionDefinition, ActionValidationContext } from './actions/define-action.ts';

/** The actions robots may run (the action registry). */
export interface ActionCatalogue {
  find(type: string): ActionDefinition | undefined;
  readonly types: readonly string[];
}

export interface TemplateValidator {
  validate(source: string, scope: FactScope, pointer: string): FieldProblem[];
}

export interface ActionCheckContext {
  readonly actions: ActionCatalogue;
  readonly templates: TemplateValidator;
  readonly lookup: {
    findPipeline(pipelineId: string): Promise<Pipeline | undefined>;
    userExists(userId: string): Promise<boolean>;
    documentTemplateExists(templateId: string): Promise<boolean>;
  };
  /** The robot's pipeline; undefined when its stage was refused (the action's own checks wait). */
  readonly pipeline: Pipeline | undefined;
  readonly stageId: string;
  /** Scope of conditions inside params. */
  readonly conditionScope: FactScope;
  /** Scope of template params. */
  readonly templateScope: FactScope;
}

/** Problems reported for one action at most; a wildly wrong params object would list hundreds. */
const MAX_PROBLEMS = 20;

/**
 * A robot's action, checked in three steps, each only when the previous one passed (the later
 * ones rely on the params having the schema's shape): the type is known; the params match the
 * action's schema; the action's own checks and every template param.
 */
export async function validateAction(
  action: { readonly type: string; readonly params: unknown },
  pointer: string,
  context: ActionCheckContext,
): Promise<FieldProblem[]> {
  const definition = context.actions.find(action.type);
  if (definition === undefined) {
    return [
      {
        field: `${pointer}/type`,
        message: `unknown action type "${action.type}"; known types: ${context.actions.types.join(', ')}`,
      },
    ];
  }
  const paramsPointer = `${pointer}/params`;
  const shape = schemaProblems(definition, action.params, paramsPointer);
  if (shape.length > 0) return shape;
  const params = action.params as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const name of definition.templateParams) {
    const value = params[name];
    if (typeof value === 'string') {
      problems.push(...context.templates.validate(value, context.templateScope, `${paramsPointer}/${name}`));
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => {
        if (typeof entry === 'string') {
          problems.push(
            ...context.templates.validate(entry, context.templateScope, `${paramsPointer}/${name}/${index}`),
          );
        }
      });
    }
  }
  if (definition.validate !== undefined && context.pipeline !== undefined) {
    const validation: ActionValidationContext = {
      pipeline: context.pipeline,
      stageId: context.stageId,
      scope: context.conditionScope,
      userExists: (id) => context.lookup.userExists(id),
      pipelineOf: (id) => context.lookup.findPipeline(id),
      documentTemplateExists: (id) => context.lookup.documentTemplateExists(id),
      validateTemplate: (source, at) => context.templates.validate(source, context.templateScope, at),
    };
    problems.push(...(await definition.validate(params, validation, paramsPointer)));
  }
  return problems.slice(0, MAX_PROBLEMS);
}

interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** TypeBox's errors as field problems: one per missing or unknown param, pointers under `pointer`. */
function schemaProblems(definition: ActionDefinition, params: unknown, pointer: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    const key = `${field}\u0000${message}`;
    if (seen.has(key) || problems.length >= MAX_PROBLEMS) return;
    seen.add(key);
    problems.push({ field, message });
  };
  for (const error of Value.Errors(definition.params, params) as SchemaError[]) {
    const at = `${pointer}${error.instancePath}`;
    if (error.keyword === 'required') {
      for (const name of listParam(error.params['requiredProperties'])) add(`${at}/${name}`, 'is required');
    } else if (error.keyword === 'additionalProperties') {
      for (const name of listParam(error.params['additionalProperties'])) {
        add(`${at}/${name}`, `is not a known param of ${definition.type}`);
      }
    } else if (error.keyword !== 'boolean') {
      // `boolean` repeats an additionalProperties error ("schema is false") for each extra key.
      add(at, error.message);
    }
  }
  return problems;
}

const listParam = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
