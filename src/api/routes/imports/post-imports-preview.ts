// POST /api/v1/imports/preview: Read a CSV's header row and suggest a column mapping (nothing is stored).
// Registered by imports-routes.ts.
import { Type } from "typebox";
import { suggestMapping } from "../../../prospects/import-fields.ts";
import { parseCsvSliced } from "../../../prospects/parse-csv.ts";
import { assertMayImport } from "../../../prospects/prepare-import.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Kind } from "./common.ts";

export const postImportsPreviewRoute: RouteModule = (app, _deps) => {
  app.post(
    "/api/v1/imports/preview",
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ["prospects"],
        summary: "Read a CSV's header row and suggest a column mapping (nothing is stored)",
        body: Type.Object(
          { csv: Type.String({ maxLength: 64 * 1024 * 1024 }), kind: Type.Optional(Kind) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            header: Type.Array(Type.String()),
            rows: Type.Integer(),
            sample: Type.Array(Type.Array(Type.String())),
            suggested_mapping: Type.Record(Type.String(), Type.String()),
            delimiter: Type.Union([Type.Literal(","), Type.Literal(";"), Type.Literal("\t")], {
              description:
                "The field delimiter read from the header line (the most of , ; and tab outside quotes): Excel in de/fr/nl writes ;",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      assertMayImport(req.principal);
      const p = await parseCsvSliced(req.body.csv);
      return {
        header: p.header,
        rows: p.rows.length,
        sample: p.rows.slice(0, 3),
        suggested_mapping: suggestMapping(req.body.kind ?? "contacts", p.header),
        delimiter: p.delimiter,
      };
    },
  );
};
