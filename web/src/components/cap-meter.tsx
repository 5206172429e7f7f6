// "4 of 5 active": the segment's hard cap (spec 000), shown next to every activation. People read the
// segment's name; the slug only names the test id.
export function CapMeter({
  segment,
  name,
  active,
  cap,
}: {
  segment: string;
  name: string;
  active: number;
  cap: number;
}) {
  const full = active >= cap;
  return (
    <span className={`meter${full ? " full" : ""}`} data-testid={`cap-${segment}`}>
      <meter
        min={0}
        max={cap}
        value={Math.min(active, cap)}
        aria-label={`${name}: ${active} of ${cap} active plays`}
      />
      <span>
        <strong>{name}</strong> {active} of {cap} active{full ? " — cap reached" : ""}
      </span>
    </span>
  );
}
