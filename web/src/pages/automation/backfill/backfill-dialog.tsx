// placeholder
export function BackfillDialog(_props: {
  open: boolean;
  onOpenChange(open: boolean): void;
  kind: 'robot' | 'trigger';
  ruleId: string;
  ruleName: string;
}) {
  return null;
}
