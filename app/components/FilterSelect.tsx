// A select of a GET filter form: an "all" option first (empty value = not filtered), then the
// options, with the URL's current value selected. Used by the results page and the committee dashboard.
export function FilterSelect(props: { id: string; name: string; label: string; anyLabel: string; value: string | undefined; options: Array<{ value: string; label: string }> }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">{props.anyLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
