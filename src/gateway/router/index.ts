// router/: Kong's route matching (paths prefix and ~regex, methods, hosts, headers, priorities,
// strip_path, path_handling), compiled once per snapshot into a matcher, and the request-path
// normalization that runs before it.
export { compileRouter, type RouteMatch, type Router, type RouterError } from './router.js';
export type { RequestFacts } from './candidate.js';
export { joinServicePath, strippedPath } from './paths.js';
export { normalizeRequestPath, type NormalizedPath } from './normalize-path.js';
