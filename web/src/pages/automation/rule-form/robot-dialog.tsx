// placeholder
import type { Pipeline } from '../../../api/types.ts';
import type { Robot } from '../automation-types.ts';

export function RobotDialog(_props: {
  open: boolean;
  onOpenChange(open: boolean): void;
  pipeline: Pipeline;
  stageId: string;
  robot?: Robot;
  onSaved(robot: Robot, created: boolean): void;
}) {
  return null;
}
