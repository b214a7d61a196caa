// A packaging hook (listed last in serverless.yml's plugins, so that it runs after the
// per-function roles exist): hands the compiled template to src/deploy/finalize-template.ts.
class KraftCanaryStackPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.finalize() };
  }

  async finalize() {
    const { finalizeTemplate } = await import('../src/deploy/finalize-template.ts');
    const stackName = this.serverless.getProvider('aws').naming.getStackName();
    finalizeTemplate(this.serverless.service.provider.compiledCloudFormationTemplate, { stackName });
  }
}

module.exports = KraftCanaryStackPlugin;
