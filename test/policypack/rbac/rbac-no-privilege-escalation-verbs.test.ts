import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/rbac/rbac-no-privilege-escalation-verbs";
import { checkResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";
import { ODD_ROLES, role } from "./roles";

async function check(rule: Record<string, unknown>): Promise<string[]> {
    return checkResource(policy, role("ClusterRole", [rule]));
}

describe("rbac-no-privilege-escalation-verbs", () => {
    for (const [verb, apiGroups, resources] of [
        ["bind", ["rbac.authorization.k8s.io"], ["clusterroles"]],
        ["escalate", ["rbac.authorization.k8s.io"], ["roles"]],
        ["impersonate", [""], ["serviceaccounts"]],
    ] as const) {
        it(`reports the ${verb} verb, naming the entry`, async () => {
            assert.deepStrictEqual(await check({ apiGroups, resources, verbs: ["get", verb] }), [
                `ClusterRole reader: rules[0].verbs[1] is "${verb}"; allowed: verbs other than bind, escalate and impersonate`,
            ]);
        });
    }

    it("reports a * verb on roles, saying what it grants", async () => {
        const [message] = await check({
            apiGroups: ["rbac.authorization.k8s.io"],
            resources: ["roles", "rolebindings"],
            verbs: ["*"],
        });
        assert.match(message, /verbs\[0\] is "\*".*\(grants bind on roles; escalate on roles\)$/);
    });

    it("reports a * verb that reaches users through * resources", async () => {
        const [message] = await check({ apiGroups: [""], resources: ["*"], verbs: ["*"] });
        assert.match(message, /\(grants impersonate on users, groups, serviceaccounts\)$/);
    });

    it("reports a * verb on user extras for impersonation", async () => {
        const [message] = await check({
            apiGroups: ["authentication.k8s.io"],
            resources: ["userextras/scopes"],
            verbs: ["*"],
        });
        assert.match(message, /\(grants impersonate on userextras\/\*\)$/);
    });

    it("accepts a * verb on resources that have no escalation verbs", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }),
            [],
        );
    });

    it("accepts ordinary verbs on roles", async () => {
        const rule = {
            apiGroups: ["rbac.authorization.k8s.io"],
            resources: ["roles"],
            verbs: ["get", "list"],
        };
        assert.deepStrictEqual(await check(rule), []);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_ROLES) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "rbac-no-privilege-escalation-verbs.yaml"),
        );
    });
});
