/** Most pages of a model list followed: a server that pages forever is not followed forever. */
export const MAX_MODEL_PAGES = 10;

export interface ModelPage {
  ids: string[];
  /** The next page's token, when the server says there is one. */
  next?: string;
}

/**
 * Follows a paged model list (Gemini's `nextPageToken`, Anthropic's `has_more`/`last_id`) to its
 * end, at most MAX_MODEL_PAGES pages; a token seen before ends it too.
 */
export async function followPages(fetchPage: (token: string | undefined) => Promise<ModelPage>): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_MODEL_PAGES; page++) {
    const result = await fetchPage(token);
    ids.push(...result.ids);
    if (!result.next || seen.has(result.next)) break;
    seen.add(result.next);
    token = result.next;
  }
  return ids;
}
