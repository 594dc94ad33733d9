// ai-proxy's request-time error texts (reference 4.6 and 5.6), in one place: the stages and the drivers use them.
export const BAD_JSON = 'content-type header does not match request body, or bad JSON formatting';
export const NO_PROMPTS = "request body doesn't contain valid prompts";
export const MULTIPLE_FORMATS = 'request matches multiple LLM request formats';
export const STREAMING_DENIED = 'response streaming is not enabled for this LLM';
export const NO_MODEL = 'model parameter not found in request, nor in gateway configuration';
export const NO_HF_ENDPOINT = 'Could not parse the Hugging Face model endponit'; // sic, Kong's text
export const ownModel = (name: string): string => `cannot use own model - must be: ${name}`;
export const incompatible = (body: string, route: string): string => `[${body}] message format is not compatible with [${route}] route type`;
export const notNative = (path: string): string => `${path} is not a supported Hugging Face native API (use /generate or /generate_stream)`;
export const nativeMethod = (method: string, path: string): string => `${method} is not supported for ${path}; Hugging Face native APIs take POST`;
export const noTransformer = (provider: string, routeType: string): string => `no transformer for ${provider}://${routeType}`;
export const transformError = (provider: string, routeType: string): string => `error transforming to ${provider}://${routeType}`;
