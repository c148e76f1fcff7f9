/**
 * Ids that pair each tool call of a conversation with its result, for APIs whose clients send
 * calls without ids (the Gemini API and Ollama's pair them by name and order): a call without one
 * gets a made-up id, and the next result of that name without one is given the same.
 */
export class CallIds {
  private readonly pending = new Map<string, string[]>();
  private made = 0;

  ofCall(name: string, id: unknown): string {
    if (typeof id === 'string' && id) return id;
    const made = `call_${name}_${this.made++}`;
    this.pending.set(name, [...(this.pending.get(name) ?? []), made]);
    return made;
  }

  ofResult(name: string, id: unknown): string {
    if (typeof id === 'string' && id) return id;
    return this.pending.get(name)?.shift() ?? `call_${name}_${this.made++}`;
  }
}
