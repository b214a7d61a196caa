import type { PublishRoutingInput } from './publish-routing.ts';

/**
 * Which publication an incoming event asks for: a "Parameter Store Change" (Create or Update)
 * of this migration's routing parameter, or the periodic re-publish schedule. Anything else is
 * refused (null): the function acts only on events its own rules deliver.
 */
export function publishRequestOf(event: unknown, migration: string, parameterName: string): PublishRoutingInput | null {
  if (typeof event !== 'object' || event === null) return null;
  const { source, 'detail-type': detailType, detail } = event as { source?: unknown; 'detail-type'?: unknown; detail?: unknown };
  if (source === 'aws.events' && detailType === 'Scheduled Event') return { migration, trigger: 'schedule' };
  if (source !== 'aws.ssm' || detailType !== 'Parameter Store Change' || typeof detail !== 'object' || detail === null) return null;
  const { name, operation } = detail as { name?: unknown; operation?: unknown };
  if (name !== parameterName || (operation !== 'Create' && operation !== 'Update')) return null;
  return { migration, trigger: 'change' };
}
