export { createProgram } from './createProgram.js';
export { run } from './run.js';
export { processIo } from './CliIo.js';
export type { CliIo } from './CliIo.js';
export { EXIT_FAILURE, EXIT_USAGE } from './CliError.js';
