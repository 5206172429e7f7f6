export function PlayPage({ id }: { id: string }) {
  return <h1 tabIndex={-1}>PlayPage</h1>;
}
