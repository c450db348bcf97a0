import * as assert from "assert";

import { awsSecretsManager, type CommandSender } from "../../rotation/aws-secrets-manager";

/** A client that records each command's name and input and answers from a table. */
function recordingClient(answers: Record<string, unknown>) {
    const sent: { command: string; input: unknown }[] = [];
    const client = {
        send: async (command: { constructor: { name: string }; input: unknown }) => {
            const name = command.constructor.name;
            sent.push({ command: name, input: command.input });
            return answers[name] ?? {};
        },
    } as unknown as CommandSender;
    return { client, sent };
}

describe("the AWS SDK port of the rotation function", () => {
    it("reads DescribeSecret's rotation flag, stages and tags", async () => {
        const { client } = recordingClient({
            DescribeSecretCommand: {
                ARN: "arn:s",
                Name: "ohlcv-rag/api-key",
                RotationEnabled: true,
                VersionIdsToStages: { v1: ["AWSCURRENT"] },
                Tags: [{ Key: "baseline:secret-kind", Value: "opaque" }],
            },
        });
        assert.deepStrictEqual(await awsSecretsManager(client).describeSecret("arn:s"), {
            arn: "arn:s",
            name: "ohlcv-rag/api-key",
            rotationEnabled: true,
            versionIdsToStages: { v1: ["AWSCURRENT"] },
            tags: { "baseline:secret-kind": "opaque" },
        });
    });

    it("takes a secret without RotationEnabled as not enabled", async () => {
        const { client } = recordingClient({ DescribeSecretCommand: { ARN: "arn:s" } });
        assert.strictEqual(
            (await awsSecretsManager(client).describeSecret("arn:s")).rotationEnabled,
            false,
        );
    });

    it("sends GetSecretValue with the version id and stage", async () => {
        const { client, sent } = recordingClient({
            GetSecretValueCommand: {
                VersionId: "v2",
                SecretString: "x",
                VersionStages: ["AWSPENDING"],
            },
        });
        const value = await awsSecretsManager(client).getSecretValue({
            secretId: "arn:s",
            versionId: "v2",
            versionStage: "AWSPENDING",
        });
        assert.deepStrictEqual(sent, [
            {
                command: "GetSecretValueCommand",
                input: { SecretId: "arn:s", VersionId: "v2", VersionStage: "AWSPENDING" },
            },
        ]);
        assert.deepStrictEqual(value, {
            versionId: "v2",
            secretString: "x",
            versionStages: ["AWSPENDING"],
        });
    });

    it("sends PutSecretValue with the token as the version id", async () => {
        const { client, sent } = recordingClient({});
        await awsSecretsManager(client).putSecretValue({
            secretId: "arn:s",
            clientRequestToken: "t",
            secretString: "x",
            versionStages: ["AWSPENDING"],
        });
        assert.deepStrictEqual(sent[0].input, {
            SecretId: "arn:s",
            ClientRequestToken: "t",
            SecretString: "x",
            VersionStages: ["AWSPENDING"],
        });
    });

    it("sends UpdateSecretVersionStage with both version ids", async () => {
        const { client, sent } = recordingClient({});
        await awsSecretsManager(client).updateSecretVersionStage({
            secretId: "arn:s",
            versionStage: "AWSCURRENT",
            moveToVersionId: "v2",
            removeFromVersionId: "v1",
        });
        assert.deepStrictEqual(sent[0], {
            command: "UpdateSecretVersionStageCommand",
            input: {
                SecretId: "arn:s",
                VersionStage: "AWSCURRENT",
                MoveToVersionId: "v2",
                RemoveFromVersionId: "v1",
            },
        });
    });

    it("passes the SDK's errors on with their Secrets Manager names", async () => {
        const error = Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
        const client = { send: async () => Promise.reject(error) } as unknown as CommandSender;
        await assert.rejects(
            awsSecretsManager(client).getSecretValue({ secretId: "arn:s" }),
            (e: Error) => e.name === "ResourceNotFoundException",
        );
    });
});
