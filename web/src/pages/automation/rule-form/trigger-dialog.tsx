// placeholder
import type { Pipeline } from '../../../api/types.ts';
import type { Trigger } from '../automation-types.ts';

export function TriggerDialog(_props: {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  trigger?: Trigger;
  onSaved(trigger: Trigger, created: boolean): void;
}) {
  return null;
}
