/** Deepest nesting of objects and arrays a routing document text may have (the document needs 2). */
export const ROUTING_DOCUMENT_MAX_DEPTH = 16;

interface Container {
  readonly keys: Set<string> | null;
  expectKey: boolean;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
  return at;
}

/**
 * What JSON itself allows but the contract refuses, because parsers disagree on it: a key that
 * appears twice in one object (after unescaping: `"a"` and `"\u0061"` are the same key), and
 * nesting deeper than ROUTING_DOCUMENT_MAX_DEPTH. Takes text that JSON.parse accepted; returns
 * the problem, or null.
 */
export function jsonStructureProblem(text: string): string | null {
  const open: Container[] = [];
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    const top = open.at(-1);
    if (char === '"') {
      const end = stringEnd(text, at);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (top.keys.has(key)) return `key ${JSON.stringify(key)} appears twice in one object`;
        top.keys.add(key);
        top.expectKey = false;
      }
      at = end;
    } else if (char === '{' || char === '[') {
      open.push({ keys: char === '{' ? new Set() : null, expectKey: char === '{' });
      if (open.length > ROUTING_DOCUMENT_MAX_DEPTH) return `nests deeper than ${ROUTING_DOCUMENT_MAX_DEPTH} levels`;
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',' && top?.keys) {
      top.expectKey = true;
    }
  }
  return null;
}
