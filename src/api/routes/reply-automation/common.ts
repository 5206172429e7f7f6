// What the routes of reply-automation-routes.ts share.
export const tags = ["replies"];
