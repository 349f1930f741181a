// placeholder
import type { Pipeline } from '../../../api/types.ts';
import type { Guard } from '../automation-types.ts';

export function GuardDialog(_props: {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  guard?: Guard;
  onSaved(guard: Guard, created: boolean): void;
}) {
  return null;
}
