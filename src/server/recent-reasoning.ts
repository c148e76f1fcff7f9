/**
 * The reasoning items this server answered with, kept a while by id. A Responses API client that
 * stores nothing itself (`@ai-sdk/openai` with its default `store: true`) hands a reasoning item
 * back as `{type:"item_reference", id}`; this is how serve finds its text. Bounded in count and
 * in characters, oldest forgotten first: a forgotten reasoning item is only scratch work lost.
 */
export class RecentReasoning {
  private readonly items = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxItems = 2000,
    private readonly maxChars = 8 * 1024 * 1024,
  ) {}

  remember(id: string, text: string): void {
    if (text.length > this.maxChars) return;
    this.forget(id);
    this.items.set(id, text);
    this.chars += text.length;
    while (this.items.size > this.maxItems || this.chars > this.maxChars) {
      const oldest = this.items.keys().next().value as string;
      this.forget(oldest);
    }
  }

  recall(id: string): string | undefined {
    return this.items.get(id);
  }

  private forget(id: string): void {
    const text = this.items.get(id);
    if (text === undefined) return;
    this.items.delete(id);
    this.chars -= text.length;
  }
}
