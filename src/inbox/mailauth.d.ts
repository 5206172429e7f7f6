// mailauth 4 ships no type declarations; the parts the inbox uses (DKIM verification, DMARC
// alignment) and that its tests use (DKIM signing).
declare module "mailauth/lib/dkim/verify.js" {
  export function dkimVerify(
    input: Buffer | string,
    options?: { resolver?: (name: string, rr: string) => Promise<unknown> },
  ): Promise<{
    results: {
      status: { result: string; comment?: string };
      signingDomain?: string;
      selector?: string;
      /** the signature has l= (a body length) */
      canonBodyLengthLimited?: boolean;
      /** the header fields the signature covered, as present in the message: "From: To: Subject" */
      signingHeaders?: { keys: string };
    }[];
  }>;
}

declare module "mailauth/lib/dkim/sign.js" {
  export function dkimSign(
    input: Buffer | string,
    options: {
      canonicalization?: string;
      algorithm?: string;
      /** the header fields to sign, "From:To:Subject" (default: mailauth's list) */
      headerList?: string;
      signatureData: {
        signingDomain: string;
        selector: string;
        privateKey: string;
        maxBodyLength?: number;
      }[];
    },
  ): Promise<{ signatures: string; errors: unknown[] }>;
}

declare module "mailauth/lib/tools.js" {
  /** the entry of domainList whose organizational domain is fromDomain's (DMARC relaxed alignment), or false */
  export function getAlignment(
    fromDomain: string,
    domainList: (string | { domain: string })[],
    strict?: boolean,
  ): { domain: string } | false;
}
