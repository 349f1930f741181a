import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Item, Page } from '../../../api/types.ts';
import { useFormat } from '../../../format.ts';
import { usePipelines } from '../../runs/run-filters.tsx';
import { nextActive } from './picker-keys.ts';
import { useItemSummary } from './use-trace-words.ts';
import './try.css';

const SEARCH_DELAY = 250;

/** The text typed, settled for a moment, so each keystroke does not ask the server. */
function useSettled(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), SEARCH_DELAY);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

/**
 * Escape closes the open list without closing the dialog around the picker: a dialog listens on
 * the document in the capture phase, so the key is taken on the window, before it gets there.
 */
function useEscapeFirst(input: RefObject<HTMLInputElement | null>, active: boolean, onEscape: () => void) {
  useEffect(() => {
    if (!active) return;
    const listener = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.target !== input.current) return;
      event.stopPropagation();
      onEscape();
    };
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, [input, active, onEscape]);
}

/**
 * A searchable choice of one of the pipeline's items (the ARIA combobox pattern): type part of
 * the title, move with the arrows, Enter picks, Escape closes; each option shows the item's
 * stage and amount.
 */
export function ItemPicker(props: {
  pipelineId: string;
  value: string | null;
  onChange(itemId: string | null): void;
  label: string;
  id: string;
}) {
  const { pipelineId, value, onChange, label, id } = props;
  const { t } = useTranslation('tryRule');
  const format = useFormat();
  const listId = useId();
  const chosen = useItemSummary(value);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useSettled(text ?? '');
  const items = useQuery({
    queryKey: ['items', pipelineId, 'pick', query],
    queryFn: () => api.get<Page<Item>>('/items', { pipelineId, q: query, limit: 20 }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const stages = new Map(
    (usePipelines().data?.data.find((pipeline) => pipeline.id === pipelineId)?.stages ?? []).map((stage) => [
      stage.id,
      stage.name,
    ]),
  );
  const options = items.data?.data ?? [];
  const close = () => {
    setOpen(false);
    setActive(-1);
    setText(null);
  };
  const input = useRef<HTMLInputElement>(null);
  useEscapeFirst(input, open || text !== null, close);
  const choose = (item: Item) => {
    onChange(item.id);
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && open) {
      // Enter picks; it never submits the form around the picker.
      event.preventDefault();
      if (options[active] !== undefined) choose(options[active]);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      setActive((current) => nextActive(current, event.key === 'ArrowDown' ? 1 : -1, options.length));
    }
  };
  const shown = text ?? chosen.data?.title ?? '';
  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="item-picker">
      <label htmlFor={id}>{label}</label>
      <div className="item-picker-field">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          placeholder={t('picker.placeholder')}
          value={shown}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={close}
          onKeyDown={onKeyDown}
        />
        {value !== null && (
          <button type="button" className="button-quiet" onClick={() => onChange(null)}>
            {t('picker.clear')}
          </button>
        )}
      </div>
      <div id={listId} role="listbox" aria-label={label} className="item-picker-list" hidden={!open}>
        {options.map((item, index) => (
          // Focus stays in the input (aria-activedescendant); the input's keys choose an option.
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard
          <div
            key={item.id}
            tabIndex={-1}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(item)}
          >
            <span className="item-picker-title">{item.title}</span>
            <span className="item-picker-meta">
              {stages.get(item.stageId) ?? ''} · {format.money(item.amount, item.currency)}
            </span>
          </div>
        ))}
      </div>
      {open && !items.isPending && options.length === 0 && (
        <p className="item-picker-empty muted" role="status">
          {items.isError ? t('picker.failed') : t('picker.none')}
        </p>
      )}
    </div>
  );
}
