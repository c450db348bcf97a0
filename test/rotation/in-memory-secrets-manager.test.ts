import * as assert from "assert";

import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from "../../rotation/secrets-manager-port";
import { InMemorySecretsManager, newToken } from "./in-memory-secrets-manager";

const VALUE_A = "ValueAaaaaaaaaaaaaaaaaaaaaa1";
const VALUE_B = "ValueBbbbbbbbbbbbbbbbbbbbbb2";

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<void> {
    await assert.rejects(promise, (error: Error) => error.name === name);
}

describe("the in-memory Secrets Manager stand-in", () => {
    let sm: InMemorySecretsManager;
    let arn: string;

    beforeEach(() => {
        sm = new InMemorySecretsManager();
        arn = sm.createSecret("ohlcv-rag/api-key");
    });

    it("keeps a staging label on one version at a time", async () => {
        const first = newToken();
        const second = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: first,
            secretString: VALUE_A,
            versionStages: [AWSPENDING],
        });
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: second,
            secretString: VALUE_B,
            versionStages: [AWSPENDING],
        });
        assert.deepStrictEqual(sm.stagesOf(arn), { [first]: [], [second]: [AWSPENDING] });
    });

    it("puts AWSPREVIOUS on the version that was current when AWSCURRENT moves", async () => {
        const first = newToken();
        const second = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: first,
            secretString: VALUE_A,
            versionStages: [AWSCURRENT],
        });
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: second,
            secretString: VALUE_B,
            versionStages: [AWSPENDING],
        });
        await sm.updateSecretVersionStage({
            secretId: arn,
            versionStage: AWSCURRENT,
            moveToVersionId: second,
            removeFromVersionId: first,
        });
        assert.deepStrictEqual(sm.stagesOf(arn), {
            [first]: [AWSPREVIOUS],
            [second]: [AWSCURRENT, AWSPENDING],
        });
    });

    it("ignores a second PutSecretValue with the same token and value", async () => {
        const token = newToken();
        const put = {
            secretId: arn,
            clientRequestToken: token,
            secretString: VALUE_A,
            versionStages: [AWSPENDING],
        };
        await sm.putSecretValue(put);
        await sm.putSecretValue(put);
        assert.strictEqual(sm.peek(arn, AWSPENDING), VALUE_A);
    });

    it("rejects a PutSecretValue that would change an existing version's value", async () => {
        const token = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: token,
            secretString: VALUE_A,
            versionStages: [AWSPENDING],
        });
        await rejectsWith(
            sm.putSecretValue({
                secretId: arn,
                clientRequestToken: token,
                secretString: VALUE_B,
                versionStages: [AWSPENDING],
            }),
            "ResourceExistsException",
        );
    });

    it("rejects a ClientRequestToken shorter than 32 characters", async () => {
        await rejectsWith(
            sm.putSecretValue({
                secretId: arn,
                clientRequestToken: "short",
                secretString: VALUE_A,
                versionStages: [AWSPENDING],
            }),
            "InvalidParameterException",
        );
    });

    it("refuses to move a label another version carries unless that version is named", async () => {
        const first = newToken();
        const second = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: first,
            secretString: VALUE_A,
            versionStages: [AWSCURRENT],
        });
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: second,
            secretString: VALUE_B,
            versionStages: [AWSPENDING],
        });
        await rejectsWith(
            sm.updateSecretVersionStage({
                secretId: arn,
                versionStage: AWSCURRENT,
                moveToVersionId: second,
            }),
            "InvalidParameterException",
        );
        assert.strictEqual(sm.versionWith(arn, AWSCURRENT), first);
    });

    it("refuses to remove AWSCURRENT without moving it", async () => {
        const first = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: first,
            secretString: VALUE_A,
            versionStages: [AWSCURRENT],
        });
        await rejectsWith(
            sm.updateSecretVersionStage({
                secretId: arn,
                versionStage: AWSCURRENT,
                removeFromVersionId: first,
            }),
            "InvalidParameterException",
        );
    });

    it("answers ResourceNotFoundException for a secret it does not hold", async () => {
        await rejectsWith(sm.describeSecret("no-such-secret"), "ResourceNotFoundException");
    });

    it("answers ResourceNotFoundException for a label no version carries", async () => {
        await rejectsWith(sm.getSecretValue({ secretId: arn }), "ResourceNotFoundException");
    });

    it("answers ResourceNotFoundException for a version RotateSecret created without a value", async () => {
        const token = sm.startRotation(arn);
        await rejectsWith(
            sm.getSecretValue({ secretId: arn, versionId: token, versionStage: AWSPENDING }),
            "ResourceNotFoundException",
        );
    });

    it("answers ResourceNotFoundException when the version does not carry the label asked for", async () => {
        const token = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: token,
            secretString: VALUE_A,
            versionStages: [AWSCURRENT],
        });
        await rejectsWith(
            sm.getSecretValue({ secretId: arn, versionId: token, versionStage: AWSPENDING }),
            "ResourceNotFoundException",
        );
    });

    it("answers InvalidRequestException on a secret scheduled for deletion", async () => {
        sm.deleteSecret(arn);
        await rejectsWith(sm.getSecretValue({ secretId: arn }), "InvalidRequestException");
    });

    it("refuses to start a rotation while a previous one is unfinished", () => {
        sm.startRotation(arn);
        assert.throws(
            () => sm.startRotation(arn),
            (error: Error) => error.name === "InvalidRequestException",
        );
    });

    it("refuses to start a rotation on a secret whose rotation is off", () => {
        sm.cancelRotation(arn);
        assert.throws(
            () => sm.startRotation(arn),
            (error: Error) => error.name === "InvalidRequestException",
        );
    });

    it("lists only versions that carry a label in DescribeSecret", async () => {
        const first = newToken();
        const second = newToken();
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: first,
            secretString: VALUE_A,
            versionStages: [AWSPENDING],
        });
        await sm.putSecretValue({
            secretId: arn,
            clientRequestToken: second,
            secretString: VALUE_B,
            versionStages: [AWSPENDING],
        });
        assert.deepStrictEqual((await sm.describeSecret(arn)).versionIdsToStages, {
            [second]: [AWSPENDING],
        });
    });
});
