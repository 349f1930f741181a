import { Tabs } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { Loading, ProblemMessage } from '../../components/status.tsx';
import { ItemApprovals } from '../approvals/item-approvals.tsx';
import { ItemContact } from './item-contact.tsx';
import { ItemFields } from './item-fields.tsx';
import { ItemHeader } from './item-header.tsx';
import { ItemMoney, ItemWork } from './item-records.tsx';
import { ItemTimeline } from './item-timeline.tsx';
import { ItemJournal } from './journal/item-journal.tsx';
import { useItem, usePipeline } from './use-item.ts';
import './item.css';

const TABS = ['journal', 'fields', 'contact', 'money', 'work', 'timeline'] as const;
type Tab = (typeof TABS)[number];

/** The item card: who, how much, what happened and what the automation will do next. */
export default function ItemPage() {
  const { itemId = '' } = useParams();
  const { t } = useTranslation('item');
  const item = useItem(itemId);
  const pipeline = usePipeline(item.data?.pipelineId);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((each) => each === asked) ?? 'journal';
  if (item.isPending) return <Loading />;
  if (item.isError) return <ProblemMessage error={item.error} />;
  const stages = pipeline?.stages ?? [];
  return (
    <div className="item-page">
      <ItemHeader item={item.data} pipeline={pipeline} />
      <ItemApprovals itemId={itemId} />
      <Tabs.Root
        className="item-tabs"
        value={tab}
        onValueChange={(value) => setParams(value === 'journal' ? {} : { tab: value }, { replace: true })}
        activationMode="manual"
      >
        <Tabs.List className="tab-list" aria-label={t('sections')}>
          {TABS.map((each) => (
            <Tabs.Trigger key={each} value={each} className="tab">
              {t(`tab.${each}`)}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value="journal" className="panel tab-panel">
          <ItemJournal itemId={itemId} stages={stages} />
        </Tabs.Content>
        <Tabs.Content value="fields" className="panel tab-panel">
          <ItemFields key={item.data.id} item={item.data} />
        </Tabs.Content>
        <Tabs.Content value="contact" className="panel tab-panel">
          <ItemContact contactId={item.data.contactId} />
        </Tabs.Content>
        <Tabs.Content value="money" className="panel tab-panel">
          <ItemMoney itemId={itemId} />
        </Tabs.Content>
        <Tabs.Content value="work" className="panel tab-panel">
          <ItemWork itemId={itemId} />
        </Tabs.Content>
        <Tabs.Content value="timeline" className="panel tab-panel">
          <ItemTimeline itemId={itemId} stages={stages} />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  );
}
