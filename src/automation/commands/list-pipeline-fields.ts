import { type CustomField, describeCustomFields } from '../../domain/custom-fields.ts';
import { notFound } from '../../domain/errors.ts';

/** Items read to learn a pipeline's custom fields: the most recently updated ones. */
export const FIELD_SAMPLE_ITEMS = 1000;

/** The `fields` objects of a pipeline's most recently updated items and of their contacts. */
export interface CustomFieldsSample {
  readonly items: readonly unknown[];
  readonly contacts: readonly unknown[];
}

export interface CustomFieldsPort {
  /** Undefined when the pipeline does not exist; each contact once. */
  sample(pipelineId: string, limit: number): Promise<CustomFieldsSample | undefined>;
}

/**
 * The custom fields in use on a pipeline's items (`item.fields.*`) and their contacts
 * (`contact.fields.*`), with kinds and examples, for the condition builder's field picker. Read
 * from a bounded sample, so it stays cheap on a big pipeline; a field only older items hold may
 * be missing, and can still be typed by hand.
 */
export async function listPipelineFields(port: CustomFieldsPort, pipelineId: string): Promise<CustomField[]> {
  const sample = await port.sample(pipelineId, FIELD_SAMPLE_ITEMS);
  if (sample === undefined) throw notFound('pipeline', pipelineId);
  return [
    ...describeCustomFields('item.fields.', sample.items),
    ...describeCustomFields('contact.fields.', sample.contacts),
  ];
}
