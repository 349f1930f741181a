import { createContext, useContext } from 'react';
import type { Pipeline } from '../../../api/types.ts';
import type { Catalogue, Guard, Robot, RuleRecord, Trigger } from '../automation-types.ts';
import type { RuleRef } from './rule-copy.ts';

/** The rule form that is open: a new rule of a stage, or an existing one. */
export type Editing =
  | { readonly kind: 'robot'; readonly stageId: string; readonly robot?: Robot }
  | { readonly kind: 'trigger'; readonly stageId: string; readonly trigger?: Trigger }
  | { readonly kind: 'guard'; readonly stageId: string; readonly guard?: Guard };

/** What a rule's menu opens besides its form. */
export type RuleAction = 'copy' | 'delete' | 'history' | 'record';

/** What every column and card of the editor shares: the pipeline, who may edit, and the actions. */
export interface Editor {
  readonly pipeline: Pipeline;
  readonly canEdit: boolean;
  readonly catalogue: Catalogue | undefined;
  readonly records: ReadonlyMap<string, RuleRecord>;
  edit(editing: Editing): void;
  act(action: RuleAction, ref: RuleRef): void;
  setEnabled(ref: RuleRef, enabled: boolean): void;
  /** Shows a failed change above the columns. */
  problem(error: unknown): void;
}

const EditorContext = createContext<Editor | undefined>(undefined);

export const EditorProvider = EditorContext.Provider;

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (editor === undefined) throw new Error('useEditor outside the automation editor');
  return editor;
}
