import type { ProblemField } from '../../../api/client.ts';
import type { JsonSchema } from '../automation-types.ts';

/** What every node of one SchemaForm shares. */
export interface SchemaEnv {
  readonly errors: readonly ProblemField[] | undefined;
  readonly templateParams: readonly string[];
  readonly previewItemId: string | null;
  readonly idPrefix: string;
  readonly language: string;
  /** The pipeline whose stages a `stageId` names (create_item names another pipeline's stage). */
  readonly stagesOf?: string | undefined;
}

/** One node of the form: its schema, value and place (pointer), and how it is labelled. */
export interface NodeProps {
  readonly schema: JsonSchema;
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  readonly pointer: string;
  /** The property name (for labels, templates and pickers); the index for array rows. */
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly env: SchemaEnv;
}
