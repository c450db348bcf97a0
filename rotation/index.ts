/**
 * The rotation Lambda's entry point (`index.handler`): reads the event Secrets Manager sends,
 * runs that step against the real Secrets Manager, and logs progress lines without values.
 * Plain TypeScript with no Pulumi import; the Secrets Manager component transpiles this folder
 * into the function's code at deploy time.
 */
import { awsSecretsManager } from "./aws-secrets-manager";
import { parseRotationEvent, rotateSecret } from "./rotate-secret";

const secretsManager = awsSecretsManager();

/** The Lambda handler: one rotation step per invocation; a thrown error fails that step. */
export async function handler(event: unknown): Promise<void> {
    await rotateSecret(parseRotationEvent(event), {
        secretsManager,
        log: (line) => console.log(line),
    });
}
