import * as assert from "assert";

import policy from "../../../policypack/policies/aws/aws-secret-rotation-within-days";
import {
    checkStackWithDependencies,
    type StackResource,
    UNKNOWN,
    urnOf,
} from "./stack-with-dependencies";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:ohlcv-rag/api-key-AbC123";

function secret(name = "ohlcv-rag/api-key", resourceName = "api-key"): StackResource {
    return { type: SECRET, name: resourceName, props: { name, kmsKeyId: UNKNOWN } };
}

function rotation(
    props: Record<string, unknown>,
    extra: Partial<StackResource> = {},
): StackResource {
    return { type: ROTATION, name: "api-key-rotation", props, ...extra };
}

const every30 = { rotationRules: { automaticallyAfterDays: 30 } };

describe("aws-secret-rotation-within-days", () => {
    it("passes a secret rotated every 30 days, found by its name", async () => {
        const found = await checkStackWithDependencies(policy, [
            secret(),
            rotation({ secretId: "ohlcv-rag/api-key", ...every30 }),
        ]);
        assert.deepStrictEqual(found, []);
    });

    it("finds the secret by an ARN with Secrets Manager's random suffix", async () => {
        const found = await checkStackWithDependencies(policy, [
            secret(),
            rotation({ secretId: ARN, ...every30 }),
        ]);
        assert.deepStrictEqual(found, []);
    });

    it("finds the secret through the rotation's secretId dependency when the id is not known (preview)", async () => {
        const s = secret();
        const r = rotation(
            { secretId: UNKNOWN, ...every30 },
            { propertyDependencies: { secretId: [urnOf(s)] } },
        );
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [s, r]), []);
    });

    it("finds the secret through plain dependencies when nothing else says", async () => {
        const s = secret();
        const r = rotation({ secretId: UNKNOWN, ...every30 }, { dependencies: [urnOf(s)] });
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [s, r]), []);
    });

    it("flags a secret no rotation rotates, against the secret", async () => {
        const s = secret();
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [s]), [
            {
                message:
                    "Secret ohlcv-rag/api-key: no SecretRotation rotates it; allowed: a SecretRotation with a schedule that rotates at least every 30 days",
                urn: urnOf(s),
            },
        ]);
    });

    it("does not take a rotation of another secret for this one", async () => {
        const found = await checkStackWithDependencies(policy, [
            secret(),
            rotation({ secretId: "other/secret", ...every30 }),
        ]);
        assert.deepStrictEqual(
            found.map((f) => f.message.split(":")[0]),
            ["Secret ohlcv-rag/api-key"],
        );
    });

    it("flags a rotation every 45 days, against the rotation", async () => {
        const r = rotation({
            secretId: "ohlcv-rag/api-key",
            rotationRules: { automaticallyAfterDays: 45 },
        });
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [secret(), r]), [
            {
                message:
                    "SecretRotation api-key-rotation of Secret ohlcv-rag/api-key: rotationRules (automaticallyAfterDays 45) leaves up to 45 days between rotations; allowed: a schedule that rotates at least every 30 days",
                urn: urnOf(r),
            },
        ]);
    });

    it("flags a monthly cron, which can leave 31 days", async () => {
        const r = rotation({
            secretId: "ohlcv-rag/api-key",
            rotationRules: { scheduleExpression: "cron(0 4 1 * ? *)" },
        });
        const [report] = await checkStackWithDependencies(policy, [secret(), r]);
        assert.match(report.message, /leaves up to 31 days between rotations/);
    });

    it("flags a rotation that is turned off", async () => {
        const r = rotation({ secretId: "ohlcv-rag/api-key", rotationEnabled: false, ...every30 });
        const [report] = await checkStackWithDependencies(policy, [secret(), r]);
        assert.match(report.message, /rotationEnabled is false; allowed: true or unset/);
    });

    it("flags a rotation without a schedule", async () => {
        const r = rotation({ secretId: "ohlcv-rag/api-key" });
        const [report] = await checkStackWithDependencies(policy, [secret(), r]);
        assert.match(report.message, /rotationRules has no rotationRules/);
    });

    it("takes the longest gap from the policy config", async () => {
        const r = rotation({
            secretId: "ohlcv-rag/api-key",
            rotationRules: { automaticallyAfterDays: 45 },
        });
        assert.deepStrictEqual(
            await checkStackWithDependencies(policy, [secret(), r], { maxRotationDays: 90 }),
            [],
        );
    });

    it("does not throw on odd inputs", async () => {
        const odd = [
            { type: SECRET, name: "a", props: {} },
            rotation({ secretId: 7, rotationRules: "monthly" }),
            rotation({ rotationRules: null }, { name: "r2" }),
        ];
        const found = await checkStackWithDependencies(policy, odd);
        assert.strictEqual(found.length, 3);
    });

    it("stays linear: 20,000 secrets with their rotations in well under a second", async () => {
        const resources: StackResource[] = [];
        for (let i = 0; i < 20_000; i++) {
            resources.push(secret(`t/secret-${i}`, `s${i}`));
            resources.push(rotation({ secretId: `t/secret-${i}`, ...every30 }, { name: `r${i}` }));
        }
        const start = process.hrtime.bigint();
        const found = await checkStackWithDependencies(policy, resources);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        assert.deepStrictEqual(found, []);
        assert.ok(ms < 1000, `took ${ms} ms`);
    });
});
