import { AuthError, HttpStatusError, type G4fError } from '../../ground/errors.js';
import { isUnknownModelError } from '../routing/heal-model.js';
import type { ChainLink } from './chain.js';

/**
 * What to do about a failure at this link, as facts cli/ words: where its key came from, the
 * model the user named, a base URL the user set.
 */
export function addHint(error: G4fError, link: ChainLink): void {
  const id = link.provider.id;
  if (error instanceof AuthError) {
    error.remedy = { type: 'check-key', provider: id, keyFrom: link.keyFrom, envVars: link.provider.apiKeyEnv ?? [], userDefined: link.provider.userDefined ?? false };
    return;
  }
  // A model named by the user is never replaced: the error says so and where to look.
  // A provider's own hint (the models a route takes) is kept; the generic one of a 404 is replaced.
  const generic = !error.hint && (!error.remedy || error.remedy.type === 'check-model-and-url');
  if (isUnknownModelError(error) && !link.modelIsDefault && generic) {
    error.remedy = { type: 'model-not-served', provider: id, model: link.model };
    return;
  }
  if (error instanceof HttpStatusError && error.status === 404) {
    error.hint = undefined;
    error.remedy = { type: 'check-model', provider: id, ...(link.baseURLOrigin ? { baseURL: link.baseURL, origin: link.baseURLOrigin } : {}) };
    return;
  }
  // A base URL the user set is named, so that a wrong address can be found.
  const wrongAddress = error.code === 'network' || error.code === 'timeout';
  if (link.baseURLOrigin && wrongAddress && !error.hint && !error.remedy) {
    error.hint = `${id}'s base URL ${link.baseURL} comes from ${link.baseURLOrigin}`;
  }
}
