/**
 * A charger group as a shell-style glob: `*` any run of characters, `?` one character, everything
 * else literal; several globs separated by commas.
 */
export function chargerMatcher(globs: string): (chargerId: string) => boolean {
  const patterns = globs
    .split(',')
    .map((glob) => glob.trim())
    .filter((glob) => glob.length > 0)
    .map((glob) => new RegExp(`^${[...glob].map(globCharacter).join('')}$`, 'u'));
  return (chargerId) => patterns.some((pattern) => pattern.test(chargerId));
}

function globCharacter(character: string): string {
  if (character === '*') return '.*';
  if (character === '?') return '.';
  return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
