// What the routes of enrollment-pause-routes.ts share.
export const tags = ["campaigns"];
