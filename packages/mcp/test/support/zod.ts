/** The zod the MCP SDK takes for tool schemas. */
export { z } from 'zod';
