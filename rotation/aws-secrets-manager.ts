/**
 * The rotation function's Secrets Manager port backed by the AWS SDK for JavaScript v3, which
 * the Node.js Lambda runtimes ship: nothing is bundled. Each method is one API call; the SDK's
 * errors pass through with their Secrets Manager names.
 */
import {
    DescribeSecretCommand,
    GetSecretValueCommand,
    PutSecretValueCommand,
    SecretsManagerClient,
    UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";

import type { SecretsManagerPort } from "./secrets-manager-port";

/** The one method of the SDK client the port uses, so tests can record commands. */
export type CommandSender = Pick<SecretsManagerClient, "send">;

/** The port over an SDK client (a new client in the function's region when none is given). */
export function awsSecretsManager(
    client: CommandSender = new SecretsManagerClient({}),
): SecretsManagerPort {
    return {
        async describeSecret(secretId) {
            const out = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
            const tags: Record<string, string> = {};
            for (const tag of out.Tags ?? []) {
                if (tag.Key !== undefined) {
                    tags[tag.Key] = tag.Value ?? "";
                }
            }
            return {
                arn: out.ARN ?? secretId,
                name: out.Name ?? "",
                rotationEnabled: out.RotationEnabled === true,
                versionIdsToStages: out.VersionIdsToStages ?? {},
                tags,
            };
        },
        async getSecretValue(selector) {
            const out = await client.send(
                new GetSecretValueCommand({
                    SecretId: selector.secretId,
                    VersionId: selector.versionId,
                    VersionStage: selector.versionStage,
                }),
            );
            return {
                versionId: out.VersionId ?? "",
                secretString: out.SecretString ?? "",
                versionStages: out.VersionStages ?? [],
            };
        },
        async putSecretValue(version) {
            await client.send(
                new PutSecretValueCommand({
                    SecretId: version.secretId,
                    ClientRequestToken: version.clientRequestToken,
                    SecretString: version.secretString,
                    VersionStages: version.versionStages,
                }),
            );
        },
        async updateSecretVersionStage(move) {
            await client.send(
                new UpdateSecretVersionStageCommand({
                    SecretId: move.secretId,
                    VersionStage: move.versionStage,
                    MoveToVersionId: move.moveToVersionId,
                    RemoveFromVersionId: move.removeFromVersionId,
                }),
            );
        },
    };
}
