import { DeploymentConfigError } from './errors.ts';
import type { CompiledTemplate } from './finalize-template.ts';

/**
 * CloudFormation quotas: a template read from Amazon S3 (the framework uploads it minified) may
 * be 1 MB, and declare 500 resources. Checked when packaging, so that a wide lagWatch fails
 * here with a hint, not half-way through a deployment.
 */
export const TEMPLATE_MAX_BYTES = 1_000_000;
export const TEMPLATE_MAX_RESOURCES = 500;

export interface TemplateSize {
  readonly bytes: number;
  readonly resources: number;
  readonly alarms: number;
}

export function templateSize(template: CompiledTemplate): TemplateSize {
  const resources = Object.values(template.Resources);
  return {
    bytes: Buffer.byteLength(JSON.stringify(template), 'utf8'),
    resources: resources.length,
    alarms: resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm' || r.Type === 'AWS::CloudWatch::CompositeAlarm').length,
  };
}

/** Throws, naming what to change, when the template would not deploy. */
export function checkTemplateLimits(template: CompiledTemplate): TemplateSize {
  const size = templateSize(template);
  const over = [
    ...(size.bytes > TEMPLATE_MAX_BYTES ? [`${size.bytes} bytes (CloudFormation takes ${TEMPLATE_MAX_BYTES})`] : []),
    ...(size.resources > TEMPLATE_MAX_RESOURCES ? [`${size.resources} resources (CloudFormation takes ${TEMPLATE_MAX_RESOURCES})`] : []),
  ];
  if (over.length > 0) {
    throw new DeploymentConfigError(
      `the template is ${over.join(' and ')}, ${size.alarms} of its resources alarms: watch fewer groups or topics in lagWatch, or set alarmMaxTimeLagSeconds=off (one lag alarm kind instead of two)`,
    );
  }
  return size;
}
