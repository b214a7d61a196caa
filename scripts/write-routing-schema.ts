/**
 * Writes docs/routing-document.schema.json from the zod schema the TypeScript client uses, so
 * that Java, Go and Python services validate routing documents by the same rules.
 * Run: npm run schema
 */
import { writeFileSync } from 'node:fs';
import { routingDocumentJsonSchema } from '@kraft-canary/client/contract';

export function routingSchemaJson(): string {
  return `${JSON.stringify(routingDocumentJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(new URL('../docs/routing-document.schema.json', import.meta.url), routingSchemaJson());
  process.stdout.write('wrote docs/routing-document.schema.json\n');
}
