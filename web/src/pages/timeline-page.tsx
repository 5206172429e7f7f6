export function TimelinePage({ id }: { id: string }) {
  return <h1 tabIndex={-1}>TimelinePage</h1>;
}
