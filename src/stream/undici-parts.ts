// The parts of undici a request needs, in one module so that the bundle loads them as one
// chunk (five dynamic imports made ten chunks, each read, compiled and linked on its own).
// undici's parts ship no type declarations of their own: http.ts types what it uses.
// @ts-expect-error untyped part of undici
export { default as Agent } from 'undici/lib/dispatcher/agent.js';
// @ts-expect-error untyped part of undici
export { default as Dispatcher } from 'undici/lib/dispatcher/dispatcher.js';
// @ts-expect-error untyped part of undici
export { default as apiRequest } from 'undici/lib/api/api-request.js';
// @ts-expect-error untyped part of undici
export { default as apiConnect } from 'undici/lib/api/api-connect.js';
// @ts-expect-error untyped part of undici
export { default as buildConnector } from 'undici/lib/core/connect.js';
