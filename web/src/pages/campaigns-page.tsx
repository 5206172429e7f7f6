export function CampaignsPage() {
  return <h1 tabIndex={-1}>CampaignsPage</h1>;
}
