import * as assert from "assert";

import { startMockRuntime } from "../../../cli/mock-runtime";
import { VaultAccess } from "../../../components/vault-access";
import type { BaselineResourcePolicy } from "../../../policypack/catalog";
import noRootWildcard from "../../../policypack/policies/vault/vault-policy-no-root-wildcard";
import noSudo from "../../../policypack/policies/vault/vault-policy-no-sudo";
import boundToServiceAccount from "../../../policypack/policies/vault/vault-role-bound-to-service-account";
import ttlCapped from "../../../policypack/policies/vault/vault-role-token-ttl-capped";
import { asInPreview } from "../aws/stack-with-dependencies";
import { checkResource } from "../harness";

describe("the VaultAccess component under the vault policies", () => {
    for (const policy of [
        noSudo,
        noRootWildcard,
        boundToServiceAccount,
        ttlCapped,
    ] as BaselineResourcePolicy[]) {
        it(`draws no violation of ${policy.name}`, async () => {
            const { monitor, settle } = await startMockRuntime({
                project: "security-baseline",
                stack: "test",
                preview: true,
                config: {},
            });
            new VaultAccess("vault", {
                kubernetesHost: "https://kubernetes.default.svc",
                tenants: [
                    {
                        name: "ohlcv-rag",
                        namespace: "ohlcv-system",
                        workloads: [{ name: "ohlcv-rag", serviceAccountName: "ohlcv-rag" }],
                        secrets: ["api-key", "db-password"],
                    },
                ],
            });
            await settle();
            const found: string[] = [];
            for (const r of monitor.recorded.filter((x) => x.custom)) {
                found.push(
                    ...(await checkResource(policy, {
                        type: r.type,
                        name: r.name,
                        props: asInPreview(r.inputs),
                    })),
                );
            }
            assert.deepStrictEqual(found, []);
        });
    }
});
