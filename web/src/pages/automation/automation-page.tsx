import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/session.tsx';
import type { Pipeline } from '../../api/types.ts';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { AutomationEditor } from './editor/automation-editor.tsx';
import { ExportButton, ImportButton } from './editor/export-import.tsx';
import { PipelineSettingsButton } from './editor/pipeline-settings-dialog.tsx';
import { usePipelines } from './editor/use-automation.ts';
import './editor/automation.css';
import './editor/automation-dialogs.css';

const LAST_PIPELINE_KEY = 'stageflow.automation.pipeline';

/**
 * /automation and /automation/:pipelineId: one column per stage with its guards, triggers and
 * robots. Admins change them; everyone else may look.
 */
export default function AutomationRoute() {
  const { pipelineId } = useParams();
  const pipelines = usePipelines();
  const { t } = useTranslation('automation');
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ProblemMessage error={pipelines.error} />;
  const list = pipelines.data.data;
  if (pipelineId !== undefined) {
    const pipeline = list.find((entry) => entry.id === pipelineId);
    if (pipeline === undefined) {
      localStorage.removeItem(LAST_PIPELINE_KEY);
      return <p className="empty">{t('noSuchPipeline')}</p>;
    }
    return <AutomationPage pipeline={pipeline} pipelines={list} />;
  }
  const remembered = localStorage.getItem(LAST_PIPELINE_KEY);
  const target = list.find((pipeline) => pipeline.id === remembered) ?? list[0];
  if (target === undefined) return <p className="empty">{t('noPipelines')}</p>;
  return <Navigate to={`/automation/${target.id}`} replace />;
}

function AutomationPage({ pipeline, pipelines }: { pipeline: Pipeline; pipelines: readonly Pipeline[] }) {
  const { t } = useTranslation('automation');
  const navigate = useNavigate();
  const canEdit = useCan('admin');
  useEffect(() => localStorage.setItem(LAST_PIPELINE_KEY, pipeline.id), [pipeline.id]);
  return (
    <div className="automation-page">
      <div className="page-head automation-head">
        <h1>{t('heading', { pipeline: pipeline.name })}</h1>
        <div className="automation-tools">
          <label className="pipeline-switch">
            <span>{t('pipeline')}</span>
            <select value={pipeline.id} onChange={(event) => navigate(`/automation/${event.target.value}`)}>
              {pipelines.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
          {canEdit && <PipelineSettingsButton pipeline={pipeline} />}
          <ExportButton pipeline={pipeline} />
          {canEdit && <ImportButton />}
        </div>
      </div>
      {!canEdit && (
        <p className="pill pill-warning read-only" role="note">
          {t('readOnly')}
        </p>
      )}
      <AutomationEditor key={pipeline.id} pipeline={pipeline} canEdit={canEdit} />
    </div>
  );
}
