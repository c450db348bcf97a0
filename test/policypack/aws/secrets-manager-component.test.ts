import * as assert from "assert";

import { startMockRuntime } from "../../../cli/mock-runtime";
import { SecretsManager } from "../../../components/secrets-manager";
import type { BaselineResourcePolicy } from "../../../policypack/catalog";
import customerManagedKey from "../../../policypack/policies/aws/aws-secret-customer-managed-key";
import keyRotation from "../../../policypack/policies/aws/aws-kms-key-rotation-enabled";
import recoveryWindow from "../../../policypack/policies/aws/aws-secret-recovery-window";
import rotationWithinDays from "../../../policypack/policies/aws/aws-secret-rotation-within-days";
import { checkResource } from "../harness";
import {
    asInPreview,
    checkStackWithDependencies,
    fromRecorded,
    type StackResource,
} from "./stack-with-dependencies";

/** The SecretsManager component's resources as a preview records them: ARNs unknown. */
async function previewedStack(): Promise<StackResource[]> {
    const { monitor, settle } = await startMockRuntime({
        project: "security-baseline",
        stack: "test",
        preview: true,
        config: {},
    });
    new SecretsManager("ohlcv-rag", {
        tenant: "ohlcv-rag",
        namespace: "ohlcv-system",
        serviceAccountNames: ["ohlcv-rag"],
        oidcProviderArn:
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC",
        secrets: [{ name: "api-key" }, { name: "db-password", kind: "database-password" }],
    });
    await settle();
    return fromRecorded(monitor.recorded);
}

describe("the SecretsManager component under the aws policies", () => {
    let stack: StackResource[];

    before(async () => {
        stack = await previewedStack();
    });

    for (const policy of [
        customerManagedKey,
        recoveryWindow,
        keyRotation,
    ] as BaselineResourcePolicy[]) {
        it(`draws no violation of ${policy.name}`, async () => {
            const found: string[] = [];
            for (const r of stack) {
                found.push(
                    ...(await checkResource(policy, {
                        type: r.type,
                        name: r.name,
                        props: asInPreview(r.props),
                    })),
                );
            }
            assert.deepStrictEqual(found, []);
        });
    }

    it("draws no violation of aws-secret-rotation-within-days, each secret matched through its dependency", async () => {
        assert.deepStrictEqual(await checkStackWithDependencies(rotationWithinDays, stack), []);
    });

    it("would draw one if a secret's rotation were missing", async () => {
        const withoutOne = stack.filter((r) => r.name !== "ohlcv-rag-db-password-rotation");
        const found = await checkStackWithDependencies(rotationWithinDays, withoutOne);
        assert.deepStrictEqual(
            found.map((f) => f.message.split(":")[0]),
            ["Secret ohlcv-rag/db-password"],
        );
    });
});
