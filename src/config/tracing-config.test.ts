// When the OTEL_* variables turn traces on, where they go, and what stops the start (issue 71 item 4).
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.ts";
import { tracingConfig } from "./tracing-config.ts";

describe("tracingConfig", () => {
  it("is off by default, with none, and with OTEL_SDK_DISABLED whatever else is set", () => {
    expect(tracingConfig({})).toBeUndefined();
    expect(
      tracingConfig({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }),
    ).toBe(undefined);
    expect(tracingConfig({ OTEL_SDK_DISABLED: "TRUE", OTEL_TRACES_EXPORTER: "otlp" })).toBeUndefined();
    // a service name alone turns nothing on
    expect(tracingConfig({ OTEL_SERVICE_NAME: "x" })).toBeUndefined();
  });

  it("turns on with otlp (the collector on localhost) or with an endpoint", () => {
    expect(tracingConfig({ OTEL_TRACES_EXPORTER: "otlp" })).toEqual({
      url: "http://localhost:4318/v1/traces",
      protocol: "http/protobuf",
      serviceName: "baton",
    });
    expect(
      tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example:4318/", OTEL_SERVICE_NAME: "b" }),
    ).toEqual({
      url: "https://otel.example:4318/v1/traces",
      protocol: "http/protobuf",
      serviceName: "b",
    });
    // the traces endpoint is used as given, and wins
    expect(
      tracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://a:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://b:4318/custom/traces",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      }),
    ).toMatchObject({ url: "http://b:4318/custom/traces", protocol: "http/json" });
  });

  it("stops the start with a sentence for what it cannot export", () => {
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        tracingConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refused({ OTEL_TRACES_EXPORTER: "console" })).toMatch(/OTLP only/);
    expect(refused({ OTEL_TRACES_EXPORTER: "otlp,zipkin" })).toMatch(/OTLP only/);
    expect(refused({ OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toMatch(
      /not gRPC/,
    );
    expect(refused({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toMatch(/http\(s\) URL/);
    expect(refused({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "ftp://c/v1/traces" })).toMatch(/TRACES_ENDPOINT/);
  });
});
