// mailauth 4 ships no type declarations; the part the DKIM test uses.
declare module "mailauth/lib/dkim/verify" {
  export function dkimVerify(
    input: Buffer | string,
    options?: { resolver?: (name: string, rr: string) => Promise<unknown> },
  ): Promise<{
    results: { status: { result: string; comment?: string }; signingDomain?: string; selector?: string }[];
  }>;
}
