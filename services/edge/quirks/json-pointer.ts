import type { JsonObject } from '../protocol/frame.ts';

/** RFC 6901 pointers, as ajv reports instance paths ('/meterValue/0/timestamp'). */
function tokensOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function parentOf(root: JsonObject, pointer: string): { parent: Container; key: string } | undefined {
  const tokens = tokensOf(pointer);
  const key = tokens.pop();
  if (key === undefined) return undefined;
  let node: unknown = root;
  for (const token of tokens) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return isContainer(node) ? { parent: node, key } : undefined;
}

export function valueAt(root: JsonObject, pointer: string): unknown {
  if (pointer === '') return root;
  const location = parentOf(root, pointer);
  return location === undefined ? undefined : (location.parent as Record<string, unknown>)[location.key];
}

/** Mutates `root`: callers work on their own clone. */
export function setValueAt(root: JsonObject, pointer: string, value: unknown): void {
  const location = parentOf(root, pointer);
  if (location !== undefined) (location.parent as Record<string, unknown>)[location.key] = value;
}

export function deleteValueAt(root: JsonObject, pointer: string): void {
  const location = parentOf(root, pointer);
  if (location !== undefined && !Array.isArray(location.parent)) delete location.parent[location.key];
}

/** The pointer of the object that holds the value at `pointer`. */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}
