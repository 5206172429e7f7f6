// An API refusal in words a person can act on, with the stable code beside it.
import { ApiError } from "../api.ts";

export function ErrorNote({ error, testId = "error" }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const e =
    error instanceof ApiError
      ? error
      : new ApiError(0, { code: "CLIENT", message: error instanceof Error ? error.message : String(error) });
  return (
    <div className="error-note" role="alert" data-testid={testId} data-code={e.code}>
      <p>
        <strong>{e.message}</strong> <code className="code">{e.code}</code>
      </p>
      {e.nextAction ? <p className="next">{e.nextAction}</p> : null}
    </div>
  );
}
