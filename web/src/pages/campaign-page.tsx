export function CampaignPage({ id }: { id: string }) {
  return <h1 tabIndex={-1}>CampaignPage</h1>;
}
