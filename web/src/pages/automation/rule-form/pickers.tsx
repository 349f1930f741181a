import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Page, Pipeline } from '../../../api/types.ts';
import type { ControlProps } from './field-frame.tsx';
import { useRuleFormContext, useUsers } from './rule-data.ts';

interface PickerProps {
  readonly control: ControlProps;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** A select whose current value is kept even when it is not (or not yet) among the options. */
function IdSelect(
  props: PickerProps & { options: readonly { id: string; name: string }[]; loading: boolean },
) {
  const { t } = useTranslation('ruleForm');
  const known = props.options.some((option) => option.id === props.value);
  return (
    <select {...props.control} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
      <option value="">{props.loading ? t('loading') : t('choose')}</option>
      {!known && props.value !== '' && <option value={props.value}>{props.value}</option>}
      {props.options.map((option) => (
        <option key={option.id} value={option.id}>
          {option.name}
        </option>
      ))}
    </select>
  );
}

/** A user picked by name (the value is the user's id). */
export function UserSelect(props: PickerProps) {
  const users = useUsers();
  const options = (users.data?.data ?? []).filter((user) => user.active || user.id === props.value);
  return <IdSelect {...props} options={options} loading={users.isPending} />;
}

export function usePipelines() {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api.get<Page<Pipeline>>('/pipelines', { limit: 200 }),
  });
}

export function PipelineSelect(props: PickerProps) {
  const pipelines = usePipelines();
  return <IdSelect {...props} options={pipelines.data?.data ?? []} loading={pipelines.isPending} />;
}

/** A stage of the rule's pipeline, or of `pipelineId` when given, picked by name. */
export function StageSelect(props: PickerProps & { pipelineId?: string | undefined }) {
  const context = useRuleFormContext();
  const pipelines = usePipelines();
  const pipeline =
    props.pipelineId === undefined || props.pipelineId === context?.pipeline.id
      ? context?.pipeline
      : pipelines.data?.data.find((candidate) => candidate.id === props.pipelineId);
  return (
    <IdSelect
      {...props}
      options={pipeline?.stages ?? []}
      loading={pipeline === undefined && pipelines.isPending}
    />
  );
}
