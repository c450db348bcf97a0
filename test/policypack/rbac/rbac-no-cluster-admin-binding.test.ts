import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/rbac/rbac-no-cluster-admin-binding";
import { checkResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";
import { binding, ODD_ROLES } from "./roles";

const CLUSTER_ADMIN = {
    apiGroup: "rbac.authorization.k8s.io",
    kind: "ClusterRole",
    name: "cluster-admin",
};

describe("rbac-no-cluster-admin-binding", () => {
    it("reports a ClusterRoleBinding to cluster-admin", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, binding("ClusterRoleBinding", CLUSTER_ADMIN)),
            [
                'ClusterRoleBinding grant: roleRef.name is "cluster-admin"; allowed: a role granting only what the subjects need, not the cluster-admin ClusterRole',
            ],
        );
    });

    it("reports a RoleBinding to the cluster-admin ClusterRole", async () => {
        const [message] = await checkResource(policy, binding("RoleBinding", CLUSTER_ADMIN));
        assert.match(message, /^RoleBinding ohlcv-system\/grant: roleRef\.name is "cluster-admin"/);
    });

    it("accepts a RoleBinding to a namespaced Role that is also called cluster-admin", async () => {
        const roleRef = { ...CLUSTER_ADMIN, kind: "Role" };
        assert.deepStrictEqual(await checkResource(policy, binding("RoleBinding", roleRef)), []);
    });

    it("accepts a binding to another ClusterRole", async () => {
        const roleRef = { ...CLUSTER_ADMIN, name: "view" };
        assert.deepStrictEqual(
            await checkResource(policy, binding("ClusterRoleBinding", roleRef)),
            [],
        );
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_ROLES) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "rbac-no-cluster-admin-binding.yaml"),
        );
    });
});
