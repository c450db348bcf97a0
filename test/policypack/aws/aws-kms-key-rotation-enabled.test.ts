import * as assert from "assert";

import policy from "../../../policypack/policies/aws/aws-kms-key-rotation-enabled";
import { checkResource } from "../harness";
import { asInPreview, UNKNOWN } from "./stack-with-dependencies";

const KEY = "aws:kms/key:Key";

describe("aws-kms-key-rotation-enabled", () => {
    it("passes a symmetric key with rotation enabled", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, { type: KEY, props: { enableKeyRotation: true } }),
            [],
        );
    });

    it("flags a symmetric key that leaves rotation unset", async () => {
        const found = await checkResource(policy, {
            type: KEY,
            name: "ohlcv-rag-key",
            props: { description: "tenant secrets" },
        });
        assert.deepStrictEqual(found, [
            "Key ohlcv-rag-key (tenant secrets): enableKeyRotation is <unset>; allowed: true",
        ]);
    });

    it("flags a key with rotation turned off", async () => {
        const found = await checkResource(policy, {
            type: KEY,
            props: { enableKeyRotation: false, customerMasterKeySpec: "SYMMETRIC_DEFAULT" },
        });
        assert.strictEqual(found.length, 1);
    });

    it("leaves asymmetric keys alone, which cannot rotate automatically", async () => {
        const props = { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" };
        assert.deepStrictEqual(await checkResource(policy, { type: KEY, props }), []);
    });

    it("leaves HMAC keys alone", async () => {
        const props = { customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" };
        assert.deepStrictEqual(await checkResource(policy, { type: KEY, props }), []);
    });

    it("passes a rotation setting not known during preview", async () => {
        const props = asInPreview({ enableKeyRotation: UNKNOWN });
        assert.deepStrictEqual(await checkResource(policy, { type: KEY, props }), []);
    });
});
