/**
 * Step Functions ARNs: a standard execution's ARN is its state machine's, with `execution` for
 * `stateMachine` and the execution name appended (`…:execution:<machine>:<name>`).
 */

/** The ARN Step Functions gives the execution `name` of a state machine. */
export const executionArnOf = (stateMachineArn: string, name: string): string => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

const EXECUTION_ARN = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}):execution:([A-Za-z0-9_-]{1,80}):[^:]+$/;

/** The state machine of a standard execution; null for anything that is not an execution ARN. */
export function stateMachineOf(executionArn: string): string | null {
  const match = EXECUTION_ARN.exec(executionArn);
  return match ? `${match[1]}:stateMachine:${match[2]}` : null;
}
