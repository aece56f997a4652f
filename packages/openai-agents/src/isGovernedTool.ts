const governed = new WeakSet<object>();

/** Whether `tool` was made by `governedTool` or `governTools`: its calls go through Brane. */
export function isGovernedTool(tool: unknown): boolean {
  return typeof tool === 'object' && tool !== null && governed.has(tool);
}

/** @internal Marks a tool made by this package. */
export function markGoverned<T extends object>(tool: T): T {
  governed.add(tool);
  return tool;
}
