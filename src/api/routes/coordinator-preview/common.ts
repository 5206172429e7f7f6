// What the routes of coordinator-preview-routes.ts share.
export const tags = ["coordinator"];
