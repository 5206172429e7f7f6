// Demo mode is never mistaken for a real workspace: a banner on every page while it is on.
export function DemoBanner() {
  return (
    <div className="demo-banner" role="note" data-testid="demo-banner">
      Demo mode: demo data and one-click demo people. Not for real outreach.
    </div>
  );
}
