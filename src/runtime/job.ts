// A background job as the composition root sees it: started with the process's deps, it returns
// its stop function (which waits for the pass in flight).
import type { AppDeps } from "../api/context.ts";

export type Stop = () => Promise<void>;
export type BackgroundJob = (deps: AppDeps) => Promise<Stop> | Stop;
