import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useEditor } from './editor-context.tsx';
import type { RuleRef } from './rule-copy.ts';

/** Opens the form of a rule that exists. */
export function editRule(ref: RuleRef) {
  switch (ref.kind) {
    case 'robot':
      return { kind: 'robot', stageId: ref.rule.stageId, robot: ref.rule } as const;
    case 'trigger':
      return { kind: 'trigger', stageId: ref.rule.stageId, trigger: ref.rule } as const;
    case 'guard':
      return { kind: 'guard', stageId: ref.rule.stageId, guard: ref.rule } as const;
  }
}

/**
 * A rule's actions: edit, enable or disable, copy to another stage, history, its record and
 * delete. People who may not edit automation see only the record and the history.
 */
export function RuleMenu({ ruleRef }: { ruleRef: RuleRef }) {
  const { t } = useTranslation('automation');
  const editor = useEditor();
  const { rule, kind } = ruleRef;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button
          type="button"
          className="rule-menu-button button-quiet"
          aria-label={t('menu.open', { name: rule.name })}
        >
          <span aria-hidden="true">⋯</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          {editor.canEdit && (
            <>
              <DropdownMenu.Item className="menu-item" onSelect={() => editor.edit(editRule(ruleRef))}>
                {t('menu.edit')}
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className="menu-item"
                onSelect={() => editor.setEnabled(ruleRef, !rule.enabled)}
              >
                {t(rule.enabled ? 'menu.disable' : 'menu.enable')}
              </DropdownMenu.Item>
              <DropdownMenu.Item className="menu-item" onSelect={() => editor.act('copy', ruleRef)}>
                {t('menu.copy')}
              </DropdownMenu.Item>
            </>
          )}
          <DropdownMenu.Item className="menu-item" onSelect={() => editor.act('history', ruleRef)}>
            {t('menu.history')}
          </DropdownMenu.Item>
          {kind !== 'guard' && (
            <DropdownMenu.Item className="menu-item" onSelect={() => editor.act('record', ruleRef)}>
              {t('menu.record')}
            </DropdownMenu.Item>
          )}
          {editor.canEdit && (
            <>
              <DropdownMenu.Separator className="menu-separator" />
              <DropdownMenu.Item
                className="menu-item menu-item-danger"
                onSelect={() => editor.act('delete', ruleRef)}
              >
                {t('menu.delete')}
              </DropdownMenu.Item>
            </>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
