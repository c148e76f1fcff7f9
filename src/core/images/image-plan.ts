import type { ChainLink } from '../chain/chain.js';
import type { Catalog } from '../routing/catalog.js';
import { linkFor, type Plan } from '../routing/plan-chain.js';
import type { Env } from '../routing/provider-settings.js';
import { imageApiOf } from '../../providers/images/image-apis.js';

/**
 * `auto`'s chain for pictures: the text chain, plus the providers kept out of `auto` for what
 * their text answers carry (ads) whose image API may be in it; public ones go last, as every
 * public provider does, so the reach rules hold them back after a private one.
 */
export function imageChainLinks(plan: Plan, input: { catalog: Catalog; env: Env; storedKeys?: Readonly<Record<string, string>> }): ChainLink[] {
  if (!plan.auto) return plan.links;
  const extra: ChainLink[] = [];
  for (const provider of input.catalog.all) {
    if (!provider.working || !provider.notInAuto || !imageApiOf(provider)?.inAuto) continue;
    if (plan.links.some((link) => link.provider.id === provider.id)) continue;
    extra.push(linkFor(provider, { catalog: input.catalog, env: input.env, storedKeys: input.storedKeys }));
  }
  return [...plan.links, ...extra];
}
