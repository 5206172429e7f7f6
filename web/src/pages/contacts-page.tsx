export function ContactsPage() {
  return <h1 tabIndex={-1}>ContactsPage</h1>;
}
