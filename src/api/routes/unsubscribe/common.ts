// What the routes of unsubscribe-routes.ts share.
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { errorPage } from "../../../channels/index.ts";
import { isBatonError } from "../../../errors/baton-error.ts";

// A wildcard, not ":token": the router caps named parameters at 100 characters (fastify
// maxParamLength) and a signed token can be longer.
export const Params = Type.Object({ "*": Type.String({ minLength: 1, maxLength: 1024 }) });
export const Html = Type.String({ description: "text/html page" });
// the pages in the OpenAPI document: text/html, not JSON; a bad or unknown link is a page too
export const htmlPage = (description: string) => ({
  description,
  content: { "text/html": { schema: Html } },
});
export const pages = {
  200: htmlPage("The page"),
  400: htmlPage("The link is not valid (UNSUBSCRIBE_LINK_INVALID)"),
  404: htmlPage("No record of the address any more"),
};
export function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header("content-type", "text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .header("referrer-policy", "no-referrer")
    .header("x-robots-tag", "noindex")
    .send(body);
}
export function failure(reply: FastifyReply, e: unknown) {
  if (isBatonError(e) && e.code === "UNSUBSCRIBE_LINK_INVALID") {
    return html(reply, 400, errorPage("This link is not valid", e.message));
  }
  if (isBatonError(e) && e.code === "NOT_FOUND") {
    return html(
      reply,
      404,
      errorPage("Nothing to unsubscribe", "We have no record of this address any more."),
    );
  }
  throw e;
}
