import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useCan } from '../../api/session.tsx';
import type { Item, Pipeline } from '../../api/types.ts';
import { ProblemMessage } from '../../components/status.tsx';
import { useFormat } from '../../format.ts';

/** Title, stage (with a move menu for those who may), amount and how much of it is paid. */
export function ItemHeader({ item, pipeline }: { item: Item; pipeline: Pipeline | undefined }) {
  const { t } = useTranslation('item');
  const format = useFormat();
  const client = useQueryClient();
  const canWrite = useCan('manager');
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.sort - b.sort);
  const stage = stages.find((each) => each.id === item.stageId);
  const move = useMutation({
    mutationFn: (stageId: string) =>
      api.post<Item>(`/items/${item.id}/move`, { stageId, version: item.version }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['item', item.id] }),
        client.invalidateQueries({ queryKey: ['board', item.pipelineId] }),
      ]),
  });
  const amount = Number(item.amount);
  const paid = Number(item.paidAmount);
  const share = amount > 0 ? Math.min(1, paid / amount) : paid > 0 ? 1 : 0;
  return (
    <header className="item-header panel">
      <p className="item-crumbs">
        <Link to={`/board/${item.pipelineId}`}>{pipeline?.name ?? t('board')}</Link>
      </p>
      <h1>{item.title}</h1>
      <div className="item-summary">
        <div className="item-stage">
          <span className="muted">{t('stage')}</span>
          {canWrite ? (
            <DropdownMenu.Root>
              <DropdownMenu.Trigger
                className="stage-button"
                aria-label={t('moveMenu', { stage: stage?.name })}
              >
                {stage?.name ?? '…'} <span aria-hidden="true">▾</span>
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
                  <DropdownMenu.Label className="menu-label">{t('moveTo')}</DropdownMenu.Label>
                  {stages.map((each) => (
                    <DropdownMenu.Item
                      key={each.id}
                      className="menu-item"
                      disabled={each.id === item.stageId}
                      onSelect={() => move.mutate(each.id)}
                    >
                      {each.name}
                    </DropdownMenu.Item>
                  ))}
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          ) : (
            <strong className="stage-name">{stage?.name ?? '…'}</strong>
          )}
        </div>
        <div>
          <span className="muted">{t('amount')}</span>
          <strong>{format.money(item.amount, item.currency)}</strong>
        </div>
        <div className="item-paid">
          <span className="muted">{t('paid')}</span>
          <strong>{format.money(item.paidAmount, item.currency)}</strong>
          <progress
            max={1}
            value={share}
            aria-label={t('paidShare', { share: format.number(share, { style: 'percent' }) })}
          />
          <span className="muted">{format.number(share, { style: 'percent' })}</span>
        </div>
      </div>
      {move.isError && <ProblemMessage error={move.error} />}
    </header>
  );
}
