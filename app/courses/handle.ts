/** Route handle: `hydrate: false` serves the page as plain HTML + CSS, with no JavaScript at all. */
export type RouteHandle = { hydrate?: boolean }

export const noJavaScript: RouteHandle = { hydrate: false }
