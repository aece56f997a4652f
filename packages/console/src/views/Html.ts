import type { html } from 'hono/html';

/** What `hono/html`'s `html` tag returns: markup whose interpolated strings are escaped. */
export type Html = ReturnType<typeof html>;
