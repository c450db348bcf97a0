import * as assert from "assert";

import policy from "../../../policypack/policies/aws/aws-secret-customer-managed-key";
import { checkResource } from "../harness";
import { asInPreview, UNKNOWN } from "./stack-with-dependencies";

const SECRET = "aws:secretsmanager/secret:Secret";
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function secret(props: Record<string, unknown>) {
    return { type: SECRET, name: "api-key", props: { name: "ohlcv-rag/api-key", ...props } };
}

describe("aws-secret-customer-managed-key", () => {
    it("passes a secret encrypted with a customer-managed key", async () => {
        assert.deepStrictEqual(await checkResource(policy, secret({ kmsKeyId: KEY_ARN })), []);
    });

    it("flags a secret without kmsKeyId, which Secrets Manager encrypts with its AWS-managed key", async () => {
        assert.deepStrictEqual(await checkResource(policy, secret({})), [
            "Secret ohlcv-rag/api-key: kmsKeyId is <unset>; allowed: the ARN, id or alias of a customer-managed KMS key (unset means the AWS-managed aws/secretsmanager key)",
        ]);
    });

    it("flags the AWS-managed key by alias name", async () => {
        const found = await checkResource(policy, secret({ kmsKeyId: "alias/aws/secretsmanager" }));
        assert.deepStrictEqual(found, [
            'Secret ohlcv-rag/api-key: kmsKeyId is "alias/aws/secretsmanager"; allowed: the ARN, id or alias of a customer-managed KMS key',
        ]);
    });

    it("flags the AWS-managed key by alias ARN", async () => {
        const arn = "arn:aws:kms:eu-central-1:123456789012:alias/aws/secretsmanager";
        assert.strictEqual((await checkResource(policy, secret({ kmsKeyId: arn }))).length, 1);
    });

    it("passes a customer-managed key given by its own alias", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, secret({ kmsKeyId: "alias/ohlcv-rag/secrets" })),
            [],
        );
    });

    it("passes a key ARN not known during preview, read through the preview proxy", async () => {
        const props = asInPreview({ name: "ohlcv-rag/api-key", kmsKeyId: UNKNOWN });
        assert.deepStrictEqual(await checkResource(policy, { type: SECRET, name: "s", props }), []);
    });

    it("flags a kmsKeyId that is not a string, without throwing", async () => {
        assert.strictEqual((await checkResource(policy, secret({ kmsKeyId: 42 }))).length, 1);
    });

    it("names the secret by its resource name when its name is not known", async () => {
        const props = asInPreview({ name: UNKNOWN });
        const [message] = await checkResource(policy, {
            type: SECRET,
            name: "ohlcv-rag-api-key",
            props,
        });
        assert.match(message, /^Secret ohlcv-rag-api-key: kmsKeyId is <unset>/);
    });

    it("ignores resources of other types", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, { type: "aws:kms/key:Key", props: {} }),
            [],
        );
    });
});
