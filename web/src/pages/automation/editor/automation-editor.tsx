import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { Pipeline, Stage } from '../../../api/types.ts';
import { Loading, ProblemMessage } from '../../../components/status.tsx';
import { AddStage } from './add-stage.tsx';
import { ChangeProblem } from './change-problem.tsx';
import { type Editing, type Editor, EditorProvider } from './editor-context.tsx';
import { RULE_PATH } from './rule-copy.ts';
import { type OpenAction, RuleDialogs } from './rule-dialogs.tsx';
import { StageColumn } from './stage-column.tsx';
import { StageSettingsDialog } from './stage-settings-dialog.tsx';
import {
  useCatalogue,
  useRecords,
  useRefreshAutomation,
  useRules,
  useStageCounts,
} from './use-automation.ts';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The columns of one pipeline's automation, with the dialogs they open. */
export function AutomationEditor({ pipeline, canEdit }: { pipeline: Pipeline; canEdit: boolean }) {
  const rules = useRules(pipeline.id);
  const catalogue = useCatalogue();
  const records = useRecords(pipeline.id);
  const stageCounts = useStageCounts(pipeline.id);
  const refresh = useRefreshAutomation(pipeline.id);
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const [action, setAction] = useState<OpenAction | undefined>(undefined);
  const [settingsOf, setSettingsOf] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(undefined);
  const editor: Editor = {
    pipeline,
    canEdit,
    catalogue: catalogue.data,
    records,
    edit: setEditing,
    act: (next, ref) => setAction({ action: next, ref }),
    setEnabled: (ref, enabled) => {
      setProblem(undefined);
      api
        .patch(`${RULE_PATH[ref.kind]}/${ref.rule.id}`, { enabled, version: ref.rule.version })
        .catch(setProblem)
        .finally(() => void refresh());
    },
    problem: setProblem,
  };
  if (rules.isPending) return <Loading />;
  if (rules.isError) return <ProblemMessage error={rules.error} />;
  const stages = [...pipeline.stages].sort((a, b) => a.sort - b.sort);
  const settingsStage = stages.find((stage) => stage.id === settingsOf);
  const of = <T extends { stageId: string }>(list: readonly T[], stage: Stage) =>
    list.filter((rule) => rule.stageId === stage.id);
  return (
    <EditorProvider value={editor}>
      {problem !== undefined && <ChangeProblem error={problem} onDismiss={() => setProblem(undefined)} />}
      <div className="auto-columns">
        {stages.map((stage) => (
          <StageColumn
            key={stage.id}
            stage={stage}
            triggers={of(rules.data.triggers, stage).sort(byName)}
            robots={of(rules.data.robots, stage).sort((a, b) => a.sort - b.sort)}
            guards={of(rules.data.guards, stage).sort(byName)}
            onSettings={(chosen) => setSettingsOf(chosen.id)}
          />
        ))}
      </div>
      {canEdit && <AddStage pipelineId={pipeline.id} />}
      {settingsStage !== undefined && (
        <StageSettingsDialog
          pipeline={pipeline}
          stage={settingsStage}
          onClose={() => setSettingsOf(undefined)}
        />
      )}
      <RuleDialogs
        pipeline={pipeline}
        rules={rules.data}
        canEdit={canEdit}
        stageCounts={stageCounts}
        editing={editing}
        onEditingChange={setEditing}
        action={action}
        onActionClose={() => setAction(undefined)}
      />
    </EditorProvider>
  );
}
