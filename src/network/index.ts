// The network module's door (issue 70 item 2): outside src/network, code imports this file (or contract.ts)
// and nothing else; .dependency-cruiser.cjs's rule one-door-per-folder holds it.
export { classifyAddress } from "./classify-address.ts";
