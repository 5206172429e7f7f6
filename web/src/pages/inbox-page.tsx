export function InboxPage() {
  return <h1 tabIndex={-1}>InboxPage</h1>;
}
