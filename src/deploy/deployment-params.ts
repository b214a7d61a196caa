/** The deploy parameters (`--param` of osls), as the template's JavaScript helpers read them. */
export type DeploymentParams = Readonly<Record<string, unknown>>;
