export function PlaysPage() {
  return <h1 tabIndex={-1}>PlaysPage</h1>;
}
