import { describe, expect, it } from "vitest";
import { classifySmtpError } from "./smtp-error.ts";

describe("classifySmtpError", () => {
  it.each([
    [{ responseCode: 421, response: "421 4.7.0 Try again later" }, true],
    [{ responseCode: 450, response: "450 mailbox busy" }, true],
    [{ responseCode: 451, response: "451 4.3.0 local error" }, true],
    [{ responseCode: 452, response: "452 insufficient storage" }, true],
    [{ responseCode: 550, response: "550 5.1.1 user unknown" }, false],
    [{ responseCode: 552, response: "552 message too big" }, false],
    [{ responseCode: 554, response: "554 5.7.1 rejected as spam" }, false],
    [{ code: "ECONNECTION", message: "connect ECONNREFUSED" }, true],
    [{ code: "ETIMEDOUT", message: "Connection timeout" }, true],
    [{ code: "ESOCKET", message: "socket hang up" }, true],
    [{ code: "EDNS", message: "getaddrinfo ENOTFOUND" }, true],
    [{ code: "EAUTH", message: "Invalid login" }, false],
    [{ code: "EENVELOPE", message: "No recipients defined" }, false],
    [{ code: "EMESSAGE", message: "bad message" }, false],
  ])("%j → transient %s", (err, transient) => {
    expect(classifySmtpError(err).transient).toBe(transient);
  });

  it("keeps the server's words in the error, on one line", () => {
    expect(classifySmtpError({ responseCode: 550, response: "550 5.1.1\n user unknown" }).error).toBe(
      "550 5.1.1 user unknown",
    );
    expect(classifySmtpError(new Error("boom")).error).toBe("boom");
  });
});
