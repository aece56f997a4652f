/** The `name` of options that may not be an object yet (they are validated after the label is made). */
export function nameOf(options: unknown): string | undefined {
  const name: unknown =
    typeof options === 'object' && options !== null ? (options as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}
