// An OpenTelemetry collector's OTLP/HTTP traces endpoint for tests: a local HTTP server that takes
// POST /v1/traces in either encoding Baton exports (application/x-protobuf, application/json),
// decodes each export request and keeps its spans. The protobuf reader is the wire format's own
// (varints, length-delimited fields) over the fields of opentelemetry-proto's trace.proto the tests
// read: resource and span attributes, ids, parent, name, kind, events, status.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type OtlpValue = string | number | boolean | OtlpValue[];

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** "" for a root span */
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer */
  kind: number;
  attributes: Record<string, OtlpValue>;
  events: { name: string; attributes: Record<string, OtlpValue> }[];
  /** 0 unset, 1 ok, 2 error */
  status: { code: number; message: string };
  resource: Record<string, OtlpValue>;
}

export interface OtlpReceiver {
  /** the base URL (OTEL_EXPORTER_OTLP_ENDPOINT) */
  url: string;
  spans: ReceivedSpan[];
  /** the content types of the export requests received */
  contentTypes: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      const type = String(req.headers["content-type"] ?? "");
      contentTypes.push(type);
      const body = Buffer.concat(chunks);
      try {
        spans.push(
          ...(type.includes("json") ? fromJson(JSON.parse(body.toString("utf8"))) : fromProtobuf(body)),
        );
      } catch {
        res.writeHead(400).end();
        return;
      }
      // an empty ExportTraceServiceResponse (full success) in the request's own encoding
      if (type.includes("json")) res.writeHead(200, { "content-type": "application/json" }).end("{}");
      else res.writeHead(200, { "content-type": "application/x-protobuf" }).end(Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- OTLP/JSON (ids are hex strings; ints may come as strings) ---

function jsonValue(v: any): OtlpValue {
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("arrayValue" in v) return (v.arrayValue.values ?? []).map(jsonValue);
  return "";
}

function jsonAttributes(list: any[] | undefined): Record<string, OtlpValue> {
  return Object.fromEntries((list ?? []).map((a) => [a.key, jsonValue(a.value ?? {})]));
}

function fromJson(req: any): ReceivedSpan[] {
  return (req.resourceSpans ?? []).flatMap((rs: any) => {
    const resource = jsonAttributes(rs.resource?.attributes);
    return (rs.scopeSpans ?? []).flatMap((ss: any) =>
      (ss.spans ?? []).map(
        (s: any): ReceivedSpan => ({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? "",
          name: s.name,
          kind: s.kind ?? 0,
          attributes: jsonAttributes(s.attributes),
          events: (s.events ?? []).map((e: any) => ({
            name: e.name,
            attributes: jsonAttributes(e.attributes),
          })),
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
          resource,
        }),
      ),
    );
  });
}

// --- protobuf wire format ---

type Field = { no: number; wire: number; int?: bigint; bytes?: Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let n = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[at++];
      n |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return n;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const no = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, int: varint() });
    else if (wire === 1) {
      out.push({ no, wire, bytes: buf.subarray(at, at + 8) });
      at += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      out.push({ no, wire, bytes: buf.subarray(at, at + len) });
      at += len;
    } else if (wire === 5) {
      out.push({ no, wire, bytes: buf.subarray(at, at + 4) });
      at += 4;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

const all = (fs: Field[], no: number) => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number) => fs.find((f) => f.no === no);
const text = (f: Field | undefined) => f?.bytes?.toString("utf8") ?? "";
const hex = (f: Field | undefined) => f?.bytes?.toString("hex") ?? "";

/** AnyValue: string 1, bool 2, int 3, double 4, array 5 (ArrayValue.values 1). */
function pbValue(buf: Buffer): OtlpValue {
  const f = fields(buf)[0];
  if (!f) return "";
  if (f.no === 1) return text(f);
  if (f.no === 2) return f.int === 1n;
  if (f.no === 3) return Number(BigInt.asIntN(64, f.int ?? 0n));
  if (f.no === 4) return f.bytes?.readDoubleLE(0) ?? 0;
  if (f.no === 5) return all(fields(f.bytes as Buffer), 1).map((v) => pbValue(v.bytes as Buffer));
  return "";
}

/** KeyValue: key 1, value 2. */
function pbAttributes(kvs: Field[]): Record<string, OtlpValue> {
  return Object.fromEntries(
    kvs.map((kv) => {
      const f = fields(kv.bytes as Buffer);
      const v = one(f, 2);
      return [text(one(f, 1)), v ? pbValue(v.bytes as Buffer) : ""];
    }),
  );
}

/** ExportTraceServiceRequest: resource_spans 1 { resource 1 { attributes 1 }, scope_spans 2 { spans 2 } }. */
function fromProtobuf(body: Buffer): ReceivedSpan[] {
  return all(fields(body), 1).flatMap((rsf) => {
    const rs = fields(rsf.bytes as Buffer);
    const res = one(rs, 1);
    const resource = res ? pbAttributes(all(fields(res.bytes as Buffer), 1)) : {};
    return all(rs, 2).flatMap((ssf) =>
      all(fields(ssf.bytes as Buffer), 2).map((spf): ReceivedSpan => {
        // Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, attributes 9, events 11, status 15
        const s = fields(spf.bytes as Buffer);
        const status = one(s, 15) ? fields(one(s, 15)?.bytes as Buffer) : [];
        return {
          traceId: hex(one(s, 1)),
          spanId: hex(one(s, 2)),
          parentSpanId: hex(one(s, 4)),
          name: text(one(s, 5)),
          kind: Number(one(s, 6)?.int ?? 0n),
          attributes: pbAttributes(all(s, 9)),
          // Event: time 1, name 2, attributes 3
          events: all(s, 11).map((ef) => {
            const e = fields(ef.bytes as Buffer);
            return { name: text(one(e, 2)), attributes: pbAttributes(all(e, 3)) };
          }),
          // Status: message 2, code 3
          status: { code: Number(one(status, 3)?.int ?? 0n), message: text(one(status, 2)) },
          resource,
        };
      }),
    );
  });
}
