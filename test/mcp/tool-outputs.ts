// Checks a tool result's structuredContent against the tool's published output schema with our
// own Ajv (the SDK client checks it too), and records which tools the tests called.
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { toolOutputSchema } from "../../src/agents/mcp/tool-schema.ts";
import { batonTools } from "../../src/agents/mcp/tools.ts";

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validators = new Map<string, ValidateFunction>();

/** The compiled output schema of a tool (throws for an unknown tool). */
export function outputValidator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const tool = batonTools.find((t) => t.name === name);
    if (!tool) throw new Error(`no tool ${name}`);
    v = ajv.compile(toolOutputSchema(tool));
    validators.set(name, v);
  }
  return v;
}

export const calledTools = new Set<string>();

/** Throws unless the structuredContent matches the tool's output schema. */
export function assertOutput(name: string, structured: unknown): void {
  calledTools.add(name);
  const v = outputValidator(name);
  if (!v(structured)) {
    throw new Error(
      `${name}: structuredContent does not match its output schema: ${ajv.errorsText(v.errors)}`,
    );
  }
}
