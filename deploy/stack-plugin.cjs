// Packaging hooks (listed last in serverless.yml's plugins, so that they run after the
// per-function roles exist): src/deploy/finalize-template.ts rewrites the compiled template,
// src/deploy/template-limits.ts refuses one CloudFormation would not take.
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
    checkTemplateLimits(this.serverless.service.provider.compiledCloudFormationTemplate);
  }

  async finalize() {
    const { finalizeTemplate } = await import('../src/deploy/finalize-template.ts');
    const stackName = this.serverless.getProvider('aws').naming.getStackName();
    finalizeTemplate(this.serverless.service.provider.compiledCloudFormationTemplate, { stackName });
  }
}

module.exports = KraftCanaryStackPlugin;
