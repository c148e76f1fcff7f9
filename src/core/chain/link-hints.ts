import { AuthError, HttpStatusError, type G4fError } from '../../ground/errors.js';
import { isUnknownModelError } from '../routing/heal-model.js';
import type { ChainLink } from './chain.js';

/** The hint stream/http-errors.ts gives every 404. */
const GENERIC_404_HINT = 'check the model name and the base URL';

/** What to do about a failure at this link: where its key came from, its model, its base URL. */
export function addHint(error: G4fError, link: ChainLink): void {
  if (error instanceof AuthError) {
    error.hint = keyHint(link);
    return;
  }
  // A model named by the user is never replaced: the error says so and where to look.
  // A provider's own hint (the models a route takes) is kept; the generic one is replaced.
  if (isUnknownModelError(error) && !link.modelIsDefault && (!error.hint || error.hint === GENERIC_404_HINT)) {
    error.hint = `${link.provider.id} does not serve the model "${link.model}" you named: g4f-chat models ${link.provider.id} lists what it has`;
    return;
  }
  if (error instanceof HttpStatusError && error.status === 404) {
    error.hint = `check the model name: g4f-chat models ${link.provider.id}`;
    if (link.baseURLOrigin) error.hint += ` (base URL ${link.baseURL} from ${link.baseURLOrigin})`;
    return;
  }
  // A base URL the user set is named, so that a wrong address can be found.
  const wrongAddress = error.code === 'network' || error.code === 'timeout' || (error instanceof HttpStatusError && error.status === 404);
  if (link.baseURLOrigin && wrongAddress && !error.hint) {
    error.hint = `${link.provider.id}'s base URL ${link.baseURL} comes from ${link.baseURLOrigin}`;
  }
}

/** A rejected key: where the key sent came from, or where the provider would read one. */
function keyHint(link: ChainLink): string {
  const id = link.provider.id;
  if (link.keyFrom === 'stored') return `the key sent is the one stored for ${id}: check it (g4f-chat keys list), replace it with g4f-chat keys set ${id}`;
  if (link.keyFrom) return `the key sent comes from ${link.keyFrom}: check it (g4f-chat keys list)`;
  const names = link.provider.apiKeyEnv ?? [];
  if (link.provider.userDefined && names.length === 0) return `no key was sent: set providers.${id}.keyEnv to the variable holding its key (g4f-chat config set providers.${id}.keyEnv NAME)`;
  const from = names.length > 0 ? `${names.join(' or ')} (or g4f-chat keys set ${id})` : `g4f-chat keys set ${id}`;
  return `no key was sent: ${id} reads it from ${from}`;
}
