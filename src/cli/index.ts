export { buildProgram, runCli, LOCAL_OPERATOR } from './program.js';
export type {
  CliDeps,
  DatabaseChoice,
  DemoOutcome,
  OpenedContext,
  RunningServer,
  ServeOptions,
} from './program.js';
export { EXIT, Refused, exitStatusFor, describeError } from './exit.js';
