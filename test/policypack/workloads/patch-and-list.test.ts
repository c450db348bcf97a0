/**
 * The workload policies over Pulumi's Patch and List resources: a patch (`DeploymentPatch`) is
 * judged on the values it sets, never on the fields it leaves to the live object; each item of
 * a list (`DeploymentList`) is judged as the object it is, named at `items[i]`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import type { BaselineResourcePolicy } from "../../../policypack/catalog";
import { checkResource, type TestResource } from "../harness";
import { type PodTemplateInput, podBearing, workloadOf } from "./pod-bearing";

const AREA_DIR = path.join(__dirname, "../../../policypack/policies/workloads");

/** Every policy of the workloads area, as the pack's discovery finds them. */
const POLICIES: BaselineResourcePolicy[] = fs
    .readdirSync(AREA_DIR)
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(path.join(AREA_DIR, file)).default as BaselineResourcePolicy;
    });

const CONFIG: Record<string, object> = {
    "workload-image-registry-allowed": { allowedRegistries: ["ghcr.io/ohlcv"] },
};

/** A pod template every workload policy passes. */
const COMPLIANT: PodTemplateInput = {
    spec: {
        serviceAccountName: "ohlcv-rag",
        automountServiceAccountToken: false,
        containers: [
            {
                name: "app",
                image: "ghcr.io/ohlcv/rag:1.4",
                securityContext: { readOnlyRootFilesystem: true },
                resources: {
                    requests: { cpu: "100m", memory: "128Mi" },
                    limits: { cpu: "1", memory: "512Mi" },
                },
                env: [{ name: "LOG_LEVEL", value: "info" }],
            },
        ],
    },
};

/** A pod template that sets a value each workload policy refuses. */
const VIOLATING: PodTemplateInput = {
    spec: {
        serviceAccountName: "default",
        automountServiceAccountToken: true,
        containers: [
            {
                name: "app",
                image: "docker.io/library/nginx:latest",
                securityContext: { readOnlyRootFilesystem: false },
                resources: { requests: { cpu: "" } },
                env: [{ name: "DB_PASSWORD", value: "hunter2" }],
            },
        ],
    },
};

/** The DeploymentPatch of ohlcv-system/ohlcv-rag that carries `template`. */
function patchOf(template: PodTemplateInput, kind = "Deployment"): TestResource {
    const whole = workloadOf(podBearing(kind), template);
    return { ...whole, type: `${whole.type}Patch` };
}

/** The DeploymentList named tenant-apps, one item per template. */
function listOf(templates: PodTemplateInput[]): TestResource {
    return {
        type: "kubernetes:apps/v1:DeploymentList",
        name: "tenant-apps",
        props: {
            items: templates.map(
                (t, i) => workloadOf(podBearing("Deployment"), t, `app-${i}`).props,
            ),
        },
    };
}

async function check(policy: BaselineResourcePolicy, resource: TestResource): Promise<string[]> {
    return checkResource(policy, resource, CONFIG[policy.name] ?? {});
}

describe("the workload policies over Patch and List resources", () => {
    it("are all seven of the workloads area", () => {
        assert.deepStrictEqual(
            POLICIES.map((p) => p.name),
            [
                "workload-env-no-secret-literal",
                "workload-image-pinned",
                "workload-image-registry-allowed",
                "workload-read-only-root-filesystem",
                "workload-resources-required",
                "workload-service-account-not-default",
                "workload-token-automount-off",
            ],
        );
    });

    for (const policy of POLICIES) {
        it(`${policy.name} passes the compliant template, whole`, async () => {
            const whole = workloadOf(podBearing("Deployment"), COMPLIANT);
            assert.deepStrictEqual(await check(policy, whole), []);
        });

        it(`${policy.name} flags a value a DeploymentPatch sets that it refuses`, async () => {
            const messages = await check(policy, patchOf(VIOLATING));
            assert.ok(messages.length > 0, "no violation");
            for (const message of messages) {
                assert.match(
                    message,
                    /^DeploymentPatch ohlcv-system\/ohlcv-rag: spec\.template\.spec\./,
                );
            }
        });

        it(`${policy.name} judges nothing a DeploymentPatch leaves to the live object`, async () => {
            const patch = patchOf({
                spec: {
                    containers: [{ name: "app", env: [{ name: "LOG_LEVEL", value: "debug" }] }],
                },
            });
            assert.deepStrictEqual(await check(policy, patch), []);
        });

        it(`${policy.name} flags an item of a DeploymentList as the object alone, at items[i]`, async () => {
            const alone = await check(
                policy,
                workloadOf(podBearing("Deployment"), VIOLATING, "app-1"),
            );
            const fromList = await check(policy, listOf([COMPLIANT, VIOLATING]));
            assert.ok(alone.length > 0, "the object alone draws no violation");
            for (const message of fromList) {
                assert.match(
                    message,
                    /^DeploymentList tenant-apps: items\[1\]\.spec\.template\.spec\./,
                );
            }
            assert.deepStrictEqual(
                fromList.map((m) =>
                    m.replace(/^DeploymentList tenant-apps: /, "").replaceAll("items[1].", ""),
                ),
                alone.map((m) => m.replace(/^Deployment ohlcv-system\/app-1: /, "")),
            );
        });
    }

    it("names the fields of a PodPatch from the root", async () => {
        const [policy] = POLICIES.filter((p) => p.name === "workload-read-only-root-filesystem");
        assert.deepStrictEqual(await check(policy, patchOf(VIOLATING, "Pod")), [
            'PodPatch ohlcv-system/ohlcv-rag: spec.containers[0] ("app").securityContext.readOnlyRootFilesystem is false; allowed: true',
        ]);
    });

    it("holds a patch to the resource quantities it sets, not to those it leaves out", async () => {
        const [policy] = POLICIES.filter((p) => p.name === "workload-resources-required");
        const limitOnly = {
            spec: { containers: [{ name: "app", resources: { limits: { cpu: "2" } } }] },
        };
        assert.deepStrictEqual(await check(policy, patchOf(limitOnly)), []);
        assert.deepStrictEqual(await check(policy, patchOf(VIOLATING)), [
            'DeploymentPatch ohlcv-system/ohlcv-rag: spec.template.spec.containers[0] ("app").resources is {"requests":{"cpu":""}}; allowed: cpu and memory in both requests and limits (not a quantity: requests.cpu)',
        ]);
    });

    it("finds nothing in a DeploymentList without items", async () => {
        for (const policy of POLICIES) {
            assert.deepStrictEqual(await check(policy, listOf([])), [], policy.name);
        }
    });
});
