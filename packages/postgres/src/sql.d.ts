/** A SQL file, imported as its text (esbuild's `text` loader; jest's transform in the repository). */
declare module '*.sql' {
  const text: string;
  export default text;
}
