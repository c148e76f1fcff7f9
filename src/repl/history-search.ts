/**
 * Ctrl-R: the newest earlier input containing what is typed (case-insensitive); Ctrl-R
 * again steps to older ones. Entries are newest first, as readline keeps them.
 */
export class HistorySearch {
  query = '';
  /** The entry shown, as an index into the entries; -1 when nothing matches. */
  private index = -1;

  constructor(private readonly entries: readonly string[]) {}

  get match(): string | undefined {
    return this.index === -1 ? undefined : this.entries[this.index];
  }

  /** The query grew or shrank: search again from the newest entry. */
  setQuery(query: string): void {
    this.query = query;
    this.index = this.find(0);
  }

  /** The next older entry that matches; the current one stays when there is none. */
  older(): void {
    const next = this.find(this.index + 1);
    if (next !== -1) this.index = next;
  }

  private find(from: number): number {
    const wanted = this.query.toLowerCase();
    for (let i = Math.max(0, from); i < this.entries.length; i++) if (this.entries[i].toLowerCase().includes(wanted)) return i;
    return -1;
  }
}
