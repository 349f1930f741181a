// placeholder
import type { DryRunRequest } from '../automation-types.ts';

/** Stand-in with the exact export and props of the dry-run panel; the real one replaces it. */
export function TryPanel(props: { itemId: string | null; request(): DryRunRequest | undefined }) {
  return (
    <button type="button" disabled={props.itemId === null} onClick={() => props.request()}>
      Try on this item
    </button>
  );
}
