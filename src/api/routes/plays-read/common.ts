// What the routes of plays-read-routes.ts share.
export const tags = ["plays"];
