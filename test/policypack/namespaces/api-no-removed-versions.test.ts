import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/namespaces/api-no-removed-versions";
import { REMOVED_APIS } from "../../../policypack/removed-apis";
import { checkResource, typeTokenOf } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";

function object(apiVersion: string, kind: string, suffix = "") {
    return {
        type: `${typeTokenOf(apiVersion, kind)}${suffix}`,
        name: "x",
        props: { apiVersion, kind, metadata: { name: "x", namespace: "ohlcv-system" } },
    };
}

describe("api-no-removed-versions", () => {
    it("reports a policy/v1beta1 PodSecurityPolicy, pointing to Pod Security Admission", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, object("policy/v1beta1", "PodSecurityPolicy")),
            [
                'PodSecurityPolicy ohlcv-system/x: apiVersion is "policy/v1beta1"; allowed: Pod Security Admission (pod-security.kubernetes.io/* namespace labels); PodSecurityPolicy has no replacement API (policy/v1beta1 PodSecurityPolicy is not served since Kubernetes 1.25)',
            ],
        );
    });

    const table: [string, string, string, string][] = [
        ["batch/v1beta1", "CronJob", "batch/v1", "1.25"],
        ["policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"],
        ["extensions/v1beta1", "Deployment", "apps/v1", "1.16"],
        ["extensions/v1beta1", "Ingress", "networking.k8s.io/v1", "1.22"],
        ["extensions/v1beta1", "NetworkPolicy", "networking.k8s.io/v1", "1.16"],
        ["apps/v1beta2", "DaemonSet", "apps/v1", "1.16"],
        ["autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2", "1.25"],
        ["autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2", "1.26"],
        [
            "flowcontrol.apiserver.k8s.io/v1beta1",
            "FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.26",
        ],
        [
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "PriorityLevelConfiguration",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.29",
        ],
        [
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.32",
        ],
        [
            "rbac.authorization.k8s.io/v1beta1",
            "ClusterRoleBinding",
            "rbac.authorization.k8s.io/v1",
            "1.22",
        ],
        ["storage.k8s.io/v1beta1", "CSIStorageCapacity", "storage.k8s.io/v1", "1.27"],
    ];
    for (const [apiVersion, kind, replacement, release] of table) {
        it(`reports ${apiVersion} ${kind}, naming ${replacement} and ${release}`, async () => {
            const [message] = await checkResource(policy, object(apiVersion, kind));
            assert.ok(
                message.endsWith(
                    `allowed: ${replacement} (${apiVersion} ${kind} is not served since Kubernetes ${release})`,
                ),
                message,
            );
        });
    }

    it("reports every entry of the removed-API list through its Pulumi type token", async () => {
        for (const removed of REMOVED_APIS) {
            const messages = await checkResource(policy, object(removed.apiVersion, removed.kind));
            assert.strictEqual(messages.length, 1, `${removed.apiVersion} ${removed.kind}`);
        }
    });

    it("reports patch and list resources of a removed API", async () => {
        for (const suffix of ["Patch", "List"]) {
            assert.strictEqual(
                (await checkResource(policy, object("batch/v1beta1", "CronJob", suffix))).length,
                1,
            );
        }
    });

    it("reads the older apiregistration token spelling", async () => {
        const resource = {
            ...object("apiregistration.k8s.io/v1beta1", "APIService"),
            type: "kubernetes:apiregistration/v1beta1:APIService",
        };
        assert.strictEqual((await checkResource(policy, resource)).length, 1);
    });

    it("accepts the served versions", async () => {
        for (const [apiVersion, kind] of [
            ["batch/v1", "CronJob"],
            ["policy/v1", "PodDisruptionBudget"],
            ["apps/v1", "Deployment"],
            ["v1", "Pod"],
            ["flowcontrol.apiserver.k8s.io/v1", "FlowSchema"],
            ["storage.k8s.io/v1beta1", "VolumeAttributesClass"],
        ]) {
            assert.deepStrictEqual(
                await checkResource(policy, object(apiVersion, kind)),
                [],
                `${apiVersion} ${kind}`,
            );
        }
    });

    it("ignores resources that are not Kubernetes objects", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, { type: "aws:s3/bucket:Bucket", props: {} }),
            [],
        );
        assert.deepStrictEqual(
            await checkResource(policy, { type: "pulumi:providers:kubernetes", props: {} }),
            [],
        );
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "api-no-removed-versions.yaml"),
        );
    });
});
