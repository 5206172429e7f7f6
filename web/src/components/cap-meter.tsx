// "4 of 5 active": the segment's hard cap (spec 000), shown next to every activation.
export function CapMeter({ active, cap, label }: { active: number; cap: number; label: string }) {
  const full = active >= cap;
  return (
    <span className={`meter${full ? " full" : ""}`} data-testid={`cap-${label}`}>
      <meter
        min={0}
        max={cap}
        value={Math.min(active, cap)}
        aria-label={`${label}: ${active} of ${cap} active plays`}
      />
      <span>
        <strong>{label}</strong> {active} of {cap} active{full ? " — cap reached" : ""}
      </span>
    </span>
  );
}
