import * as assert from "assert";

import policy from "../../../policypack/policies/aws/aws-secret-recovery-window";
import { checkResource } from "../harness";
import { asInPreview, UNKNOWN } from "./stack-with-dependencies";

const SECRET = "aws:secretsmanager/secret:Secret";

function secret(recoveryWindowInDays?: unknown) {
    const props: Record<string, unknown> = { name: "ohlcv-rag/api-key" };
    if (recoveryWindowInDays !== undefined) {
        props.recoveryWindowInDays = recoveryWindowInDays;
    }
    return { type: SECRET, name: "api-key", props };
}

describe("aws-secret-recovery-window", () => {
    it("passes a secret that leaves the window unset (30 days)", async () => {
        assert.deepStrictEqual(await checkResource(policy, secret()), []);
    });

    it("passes windows of 7 and 30 days", async () => {
        assert.deepStrictEqual(await checkResource(policy, secret(7)), []);
        assert.deepStrictEqual(await checkResource(policy, secret(30)), []);
    });

    it("flags a window of 0, which deletes a secret at once", async () => {
        assert.deepStrictEqual(await checkResource(policy, secret(0)), [
            "Secret ohlcv-rag/api-key: recoveryWindowInDays is 0; allowed: at least 7 days",
        ]);
    });

    it("takes the minimum from the policy config", async () => {
        const found = await checkResource(policy, secret(7), { minRecoveryWindowDays: 14 });
        assert.deepStrictEqual(found, [
            "Secret ohlcv-rag/api-key: recoveryWindowInDays is 7; allowed: at least 14 days",
        ]);
    });

    it("reports a config value of the wrong shape and applies the strictest minimum", async () => {
        const found = await checkResource(policy, secret(14), {
            minRecoveryWindowDays: "two weeks",
        });
        assert.strictEqual(found.length, 2);
        assert.match(
            found[0],
            /config key "minRecoveryWindowDays" is "two weeks"; expected a whole number of at least 7/,
        );
        assert.match(found[1], /allowed: at least 30 days/);
    });

    it("passes a window not known during preview", async () => {
        const props = asInPreview({ recoveryWindowInDays: UNKNOWN });
        assert.deepStrictEqual(await checkResource(policy, { type: SECRET, props }), []);
    });

    it("flags a window that is not a number, without throwing", async () => {
        assert.strictEqual((await checkResource(policy, secret("30"))).length, 1);
    });
});
