import { Popover } from 'radix-ui';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogue, usePipelineFields, useRuleFormContext } from './rule-data.ts';
import { placeholderOptions } from './template-text.ts';

/** "Insert a placeholder": a searchable list of the facts a template can read; picking one inserts it. */
export function PlaceholderPicker(props: { fieldLabel: string; onPick(path: string): void }) {
  const { t, i18n } = useTranslation('ruleForm');
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const id = useId();
  const context = useRuleFormContext();
  const catalogue = useCatalogue();
  const fields = usePipelineFields(context?.pipeline.id);
  const options = placeholderOptions(
    catalogue.data?.facts ?? [],
    fields.data ?? [],
    context?.event !== undefined,
    search,
    context?.work,
  );
  const russian = (i18n.resolvedLanguage ?? 'en').startsWith('ru');
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="placeholder-open"
          aria-label={t('template.insertFor', { label: props.fieldLabel })}
        >
          {t('template.insert')}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="placeholder-popover" align="end" sideOffset={4} collisionPadding={8}>
          <label htmlFor={`${id}-search`}>{t('template.search')}</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the popover opens to search, typing starts here
            autoFocus
          />
          {catalogue.isPending && <p className="muted">{t('loading')}</p>}
          {!catalogue.isPending && options.length === 0 && <p className="muted">{t('template.none')}</p>}
          <ul className="placeholder-list" aria-label={t('template.facts')}>
            {options.map((option) => (
              <li key={option.path}>
                <button
                  type="button"
                  onClick={() => {
                    props.onPick(option.path);
                    setOpen(false);
                  }}
                >
                  <code>{option.path}</code>
                  {option.description !== undefined && (
                    <span className="muted">{russian ? option.description.ru : option.description.en}</span>
                  )}
                  {option.example !== undefined && (
                    <span className="muted">{t('template.example', { value: String(option.example) })}</span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
