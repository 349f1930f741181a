import { ACTION_TYPES, findAction } from '../../automation/actions/registry.ts';
import type { RuleValidationDeps } from '../../automation/rule-validation.ts';
import { createTemplateEngine } from '../../automation/templates/template-engine.ts';
import type { Repositories } from '../../store/repositories/index.ts';

/** Save-time validation only parses templates; it never renders, so one engine serves every request. */
const templates = createTemplateEngine();

/** What validating a trigger, robot or guard reads: stages, pipelines, users, actions, templates. */
export function ruleValidationDeps(repos: Repositories): RuleValidationDeps {
  return {
    lookup: {
      findStage: (id) => repos.pipelines.findStage(id),
      findPipeline: (id) => repos.pipelines.find(id),
      userExists: async (id) => (await repos.users.find(id)) !== undefined,
      documentTemplateExists: async (id) => (await repos.documentTemplates.find(id)) !== undefined,
      findUser: (id) => repos.users.find(id),
    },
    actions: { find: findAction, types: ACTION_TYPES },
    templates,
  };
}
