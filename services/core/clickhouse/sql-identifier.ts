/** Names spliced into SQL (databases, settings, formats) must be plain identifiers: nothing to escape. */
export function isPlainIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

export function assertPlainIdentifier(what: string, name: string): void {
  if (!isPlainIdentifier(name)) throw new RangeError(`${what} must be a plain identifier, got ${JSON.stringify(name)}`);
}
