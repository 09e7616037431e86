/** The OCPI module a path under /ocpi belongs to: `versions` for the version list and details. */
export function moduleOfPath(path: string): string | null {
  const [, root, version, identifier] = path.split('?')[0]?.split('/') ?? [];
  if (root !== 'ocpi' || version === undefined || version === '') return null;
  if (version === 'versions' || identifier === undefined || identifier === '') return 'versions';
  return identifier;
}
