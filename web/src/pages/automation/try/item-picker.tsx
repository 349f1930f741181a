// placeholder
/** Stand-in with the exact export and props of the item picker; the real one replaces it. */
export function ItemPicker(props: {
  pipelineId: string;
  value: string | null;
  onChange(itemId: string | null): void;
  label: string;
  id: string;
}) {
  return (
    <label htmlFor={props.id} data-pipeline={props.pipelineId}>
      {props.label}
      <input
        id={props.id}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value === '' ? null : event.target.value)}
      />
    </label>
  );
}
