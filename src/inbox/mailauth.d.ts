// mailauth 4 ships no type declarations; the parts the inbox uses (DKIM and ARC verification,
// DMARC alignment) and that its tests use (DKIM signing, ARC sealing).
declare module "mailauth/lib/dkim/verify.js" {
  /** the ARC chain as read from the headers, the latest ARC-Message-Signature verified (opaque) */
  export interface ArcChainData {
    chain: unknown;
  }
  export interface DkimVerification {
    /** not enumerable; absent when the message has no header */
    arc?: ArcChainData;
    results: {
      status: { result: string; comment?: string };
      signingDomain?: string;
      selector?: string;
      /** the signature has l= (a body length) */
      canonBodyLengthLimited?: boolean;
      /** the header fields the signature covered, as present in the message: "From: To: Subject" */
      signingHeaders?: { keys: string };
    }[];
  }
  export function dkimVerify(
    input: Buffer | string,
    options?: { resolver?: (name: string, rr: string) => Promise<unknown> },
  ): Promise<DkimVerification>;
}

declare module "mailauth/lib/arc/index.js" {
  import type { ArcChainData } from "mailauth/lib/dkim/verify.js";
  /** Validates the chain dkimVerify read (every seal, and the latest ARC-Message-Signature). */
  export function arc(
    data: ArcChainData,
    options?: { resolver?: (name: string, rr: string) => Promise<unknown>; minBitLength?: number },
  ): Promise<{
    status: { result: "pass" | "fail" | "none"; comment?: string };
    /** the latest instance, or false */
    i: number | false;
  }>;
  /** The ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results to prepend (tests). */
  export function sealMessage(
    input: Buffer | string,
    seal: {
      signingDomain: string;
      selector: string;
      privateKey: string;
      /** the ARC-Authentication-Results value after "i=N; " */
      authResults: string;
      cv: "none" | "pass" | "fail";
      signTime?: Date;
      /** the header fields the ARC-Message-Signature covers, "From:To:Subject" */
      headerList?: string;
    },
  ): Promise<Buffer>;
}

declare module "mailauth/lib/dkim/sign.js" {
  export function dkimSign(
    input: Buffer | string,
    options: {
      canonicalization?: string;
      algorithm?: string;
      /** the header fields to sign, "From:To:Subject" (default: mailauth's list) */
      headerList?: string;
      /** the signature's t= (default: now) */
      signTime?: Date;
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
