// Packaging hooks (listed last in serverless.yml's plugins, so that they run after the
// per-function roles exist): src/deploy/finalize-template.ts rewrites the compiled template,
// src/deploy/template-limits.ts and src/deploy/template-names.ts refuse one CloudFormation would
// not take (too large, or a name longer than its service allows).
class KraftCanaryStackPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:finalize': () => this.finalize(),
      // After the resources section is merged in, before the template is written.
      'before:aws:package:finalize:saveServiceState': () => this.checkLimits(),
    };
  }

  async checkLimits() {
    const { checkTemplateLimits } = await import('../src/deploy/template-limits.ts');
    const { checkTemplateNames } = await import('../src/deploy/template-names.ts');
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    checkTemplateNames(template);
    checkTemplateLimits(template);
  }

  async finalize() {
    const { finalizeTemplate } = await import('../src/deploy/finalize-template.ts');
    const stackName = this.serverless.getProvider('aws').naming.getStackName();
    finalizeTemplate(this.serverless.service.provider.compiledCloudFormationTemplate, { stackName });
  }
}

module.exports = KraftCanaryStackPlugin;
