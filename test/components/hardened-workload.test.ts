import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { type RecordedResource, startMockRuntime } from "../../cli/mock-runtime";
import {
    DEFAULT_RUN_AS_ID,
    HardenedWorkload,
    type HardenedWorkloadArgs,
    HardenedWorkloadArgsError,
    VAULT_INJECT_ANNOTATION,
    VAULT_TOKEN_VOLUME,
    VAULT_TOKEN_VOLUME_ANNOTATION,
    imageProblem,
    mergeOverrides,
    shellOf,
} from "../../components/hardened-workload";
import { QUARANTINE_LABEL, WORKLOAD_LABEL } from "../../components/selector-labels";
import type { BaselinePolicy } from "../../policypack/catalog";
import { discoverPolicies } from "../../policypack/discover";
import { checkResource } from "../policypack/harness";

const DIGEST = `sha256:${"3f".repeat(32)}`;
const IMAGE = `ghcr.io/ohlcv/ohlcv-rag@${DIGEST}`;

function requiredArgs(): HardenedWorkloadArgs {
    return {
        namespace: "ohlcv-system",
        serviceAccountName: "ohlcv-rag",
        image: IMAGE,
        resources: {
            requests: { cpu: "250m", memory: "512Mi" },
            limits: { cpu: "1", memory: "1Gi" },
        },
        ports: [
            { name: "http", containerPort: 8080 },
            { name: "metrics", containerPort: 9090 },
        ],
    };
}

/** What one declaration of the component registered. */
interface Declared {
    workload: HardenedWorkload;
    component: RecordedResource;
    deployment: RecordedResource;
    service: RecordedResource;
    budget: RecordedResource;
    children: RecordedResource[];
}

async function declare(overrides: Partial<HardenedWorkloadArgs> = {}): Promise<Declared> {
    const { monitor, settle } = await startMockRuntime({
        project: "ohlcv-rag-app",
        stack: "test",
        preview: true,
        config: {},
    });
    const workload = new HardenedWorkload("ohlcv-rag", { ...requiredArgs(), ...overrides });
    await settle();
    const byType = (suffix: string): RecordedResource => {
        const found = monitor.recorded.filter((r) => r.type.endsWith(suffix));
        assert.strictEqual(found.length, 1, `expected one ${suffix}`);
        return found[0];
    };
    const component = byType("ohlcv:security:HardenedWorkload");
    return {
        workload,
        component,
        deployment: byType(":Deployment"),
        service: byType(":Service"),
        budget: byType(":PodDisruptionBudget"),
        children: monitor.recorded.filter((r) => r.parent === component.urn),
    };
}

function podSpecOf(deployment: RecordedResource): Record<string, any> {
    return (deployment.inputs as any).spec.template.spec;
}

function containerOf(deployment: RecordedResource): Record<string, any> {
    const containers = podSpecOf(deployment).containers;
    assert.strictEqual(containers.length, 1);
    return containers[0];
}

function volumeNamed(deployment: RecordedResource, name: string): Record<string, any> | undefined {
    return podSpecOf(deployment).volumes.find((v: { name: string }) => v.name === name);
}

function mountAt(deployment: RecordedResource, mountPath: string): Record<string, any> | undefined {
    return containerOf(deployment).volumeMounts.find(
        (m: { mountPath: string }) => m.mountPath === mountPath,
    );
}

function rejection(overrides: Partial<HardenedWorkloadArgs>): HardenedWorkloadArgsError {
    try {
        new HardenedWorkload("ohlcv-rag", { ...requiredArgs(), ...overrides });
    } catch (err) {
        assert.ok(err instanceof HardenedWorkloadArgsError, `unexpected error: ${err}`);
        return err;
    }
    assert.fail("the arguments were accepted");
}

async function resolved<T>(output: { promise(): Promise<T> } | unknown): Promise<T> {
    return (output as { promise(): Promise<T> }).promise();
}

describe("HardenedWorkload defaults", () => {
    let declared: Declared;
    before(async () => {
        declared = await declare();
    });

    it("runs its pods as non-root", () => {
        assert.strictEqual(podSpecOf(declared.deployment).securityContext.runAsNonRoot, true);
    });

    it("runs its pods with user and group id 65532", () => {
        const context = podSpecOf(declared.deployment).securityContext;
        assert.strictEqual(DEFAULT_RUN_AS_ID, 65532);
        assert.deepStrictEqual(
            [context.runAsUser, context.runAsGroup, context.fsGroup],
            [65532, 65532, 65532],
        );
    });

    it("mounts the container's root filesystem read-only", () => {
        assert.strictEqual(
            containerOf(declared.deployment).securityContext.readOnlyRootFilesystem,
            true,
        );
    });

    it("mounts a memory-backed, size-limited emptyDir at /tmp", () => {
        const mount = mountAt(declared.deployment, "/tmp");
        assert.ok(mount, "no mount at /tmp");
        assert.deepStrictEqual(volumeNamed(declared.deployment, mount.name)?.emptyDir, {
            medium: "Memory",
            sizeLimit: "64Mi",
        });
    });

    it("mounts size-limited emptyDirs for the cache and the logs", () => {
        for (const [mountPath, sizeLimit] of [
            ["/var/cache/app", "256Mi"],
            ["/var/log/app", "128Mi"],
        ]) {
            const mount = mountAt(declared.deployment, mountPath);
            assert.ok(mount, `no mount at ${mountPath}`);
            assert.deepStrictEqual(volumeNamed(declared.deployment, mount.name)?.emptyDir, {
                sizeLimit,
            });
        }
    });

    it("drops every capability", () => {
        assert.deepStrictEqual(containerOf(declared.deployment).securityContext.capabilities, {
            drop: ["ALL"],
        });
    });

    it("forbids privilege escalation", () => {
        assert.strictEqual(
            containerOf(declared.deployment).securityContext.allowPrivilegeEscalation,
            false,
        );
    });

    it("sets the RuntimeDefault seccomp profile at pod level", () => {
        assert.deepStrictEqual(podSpecOf(declared.deployment).securityContext.seccompProfile, {
            type: "RuntimeDefault",
        });
    });

    it("sets the RuntimeDefault AppArmor profile through the appArmorProfile field", () => {
        const spec = podSpecOf(declared.deployment);
        assert.deepStrictEqual(spec.securityContext.appArmorProfile, { type: "RuntimeDefault" });
        const annotations = (declared.deployment.inputs as any).spec.template.metadata.annotations;
        assert.ok(
            !Object.keys(annotations ?? {}).some((key) => key.includes("apparmor")),
            "the deprecated AppArmor annotation is set",
        );
    });

    it("sets the requests and limits it is given", () => {
        assert.deepStrictEqual(containerOf(declared.deployment).resources, {
            requests: { cpu: "250m", memory: "512Mi" },
            limits: { cpu: "1", memory: "1Gi" },
        });
    });

    it("runs the image it is given, by digest", () => {
        assert.strictEqual(containerOf(declared.deployment).image, IMAGE);
    });

    it("runs as the tenant's service account without mounting its token", () => {
        const spec = podSpecOf(declared.deployment);
        assert.strictEqual(spec.serviceAccountName, "ohlcv-rag");
        assert.strictEqual(spec.automountServiceAccountToken, false);
    });

    it("probes liveness and readiness with a TCP connect to the first port", () => {
        const container = containerOf(declared.deployment);
        assert.deepStrictEqual(container.livenessProbe, { tcpSocket: { port: "http" } });
        assert.deepStrictEqual(container.readinessProbe, { tcpSocket: { port: "http" } });
        assert.strictEqual(container.startupProbe, undefined);
    });

    it("labels every object and the pods with app.kubernetes.io/name", () => {
        const { deployment, service, budget } = declared;
        for (const resource of [deployment, service, budget]) {
            assert.strictEqual(
                (resource.inputs as any).metadata.labels[WORKLOAD_LABEL],
                "ohlcv-rag",
            );
        }
        const template = (deployment.inputs as any).spec.template;
        assert.strictEqual(template.metadata.labels[WORKLOAD_LABEL], "ohlcv-rag");
    });

    it("selects its pods by name, leaving quarantined pods out of the ReplicaSet", () => {
        assert.deepStrictEqual((declared.deployment.inputs as any).spec.selector, {
            matchLabels: { [WORKLOAD_LABEL]: "ohlcv-rag" },
            matchExpressions: [{ key: QUARANTINE_LABEL, operator: "DoesNotExist" }],
        });
    });

    it("names the Deployment, Service and budget after the workload, in the tenant namespace", () => {
        for (const resource of [declared.deployment, declared.service, declared.budget]) {
            const metadata = (resource.inputs as any).metadata;
            assert.deepStrictEqual(
                [metadata.name, metadata.namespace],
                ["ohlcv-rag", "ohlcv-system"],
            );
        }
    });

    it("runs two replicas", () => {
        assert.strictEqual((declared.deployment.inputs as any).spec.replicas, 2);
    });

    it("exposes every port through a ClusterIP Service selecting the pods", () => {
        const spec = (declared.service.inputs as any).spec;
        assert.strictEqual(spec.type, "ClusterIP");
        assert.deepStrictEqual(spec.selector, { [WORKLOAD_LABEL]: "ohlcv-rag" });
        assert.deepStrictEqual(spec.ports, [
            { name: "http", port: 8080, targetPort: "http", protocol: "TCP" },
            { name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" },
        ]);
    });

    it("lets node drains take one pod at a time", () => {
        assert.deepStrictEqual((declared.budget.inputs as any).spec, {
            selector: {
                matchLabels: { [WORKLOAD_LABEL]: "ohlcv-rag" },
                matchExpressions: [{ key: QUARANTINE_LABEL, operator: "DoesNotExist" }],
            },
            maxUnavailable: 1,
        });
    });

    it("parents the Deployment, Service and budget to itself", () => {
        assert.deepStrictEqual(declared.children.map((r) => r.type).sort(), [
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:Service",
            "kubernetes:policy/v1:PodDisruptionBudget",
        ]);
    });

    it("makes the Service and the budget wait for nothing but their inputs", () => {
        assert.deepStrictEqual(declared.service.dependencies, []);
        assert.deepStrictEqual(declared.budget.dependencies, []);
    });

    it("outputs the deployment name, the service name and the selector labels", async () => {
        const { workload } = declared;
        assert.strictEqual(await resolved(workload.deploymentName), "ohlcv-rag");
        assert.strictEqual(await resolved(workload.serviceName), "ohlcv-rag");
        assert.deepStrictEqual(workload.selectorLabels, { [WORKLOAD_LABEL]: "ohlcv-rag" });
    });

    it("adds no pod annotations and no token volume without Vault", () => {
        const template = (declared.deployment.inputs as any).spec.template;
        assert.deepStrictEqual(template.metadata.annotations, {});
        assert.strictEqual(volumeNamed(declared.deployment, VAULT_TOKEN_VOLUME), undefined);
    });
});

describe("HardenedWorkload overrides", () => {
    it("replaces a container security context field and keeps the other defaults", async () => {
        const { deployment } = await declare({
            securityContext: { container: { readOnlyRootFilesystem: false } },
        });
        assert.deepStrictEqual(containerOf(deployment).securityContext, {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: false,
            capabilities: { drop: ["ALL"] },
        });
    });

    it("merges nested security context objects key by key", async () => {
        const { deployment } = await declare({
            securityContext: { container: { capabilities: { add: ["NET_BIND_SERVICE"] } } },
        });
        assert.deepStrictEqual(containerOf(deployment).securityContext.capabilities, {
            drop: ["ALL"],
            add: ["NET_BIND_SERVICE"],
        });
    });

    it("replaces arrays of the security context whole", async () => {
        const { deployment } = await declare({
            securityContext: { container: { capabilities: { drop: ["NET_RAW"] } } },
        });
        assert.deepStrictEqual(containerOf(deployment).securityContext.capabilities, {
            drop: ["NET_RAW"],
        });
    });

    it("removes a pod security context default given as null", async () => {
        const { deployment } = await declare({
            securityContext: { pod: { fsGroup: null, seccompProfile: null } },
        });
        const context = podSpecOf(deployment).securityContext;
        assert.ok(!("fsGroup" in context) && !("seccompProfile" in context));
        assert.strictEqual(context.runAsUser, 65532);
    });

    it("overrides a pod security context field", async () => {
        const { deployment } = await declare({ securityContext: { pod: { runAsUser: 10001 } } });
        const context = podSpecOf(deployment).securityContext;
        assert.deepStrictEqual([context.runAsUser, context.runAsGroup], [10001, 65532]);
    });

    it("overrides a writable volume key by key", async () => {
        const { deployment } = await declare({ writableVolumes: { tmp: { sizeLimit: "16Mi" } } });
        assert.deepStrictEqual(volumeNamed(deployment, "tmp")?.emptyDir, {
            medium: "Memory",
            sizeLimit: "16Mi",
        });
        assert.strictEqual(mountAt(deployment, "/tmp")?.name, "tmp");
    });

    it("moves a writable volume to another path and onto disk", async () => {
        const { deployment } = await declare({
            writableVolumes: { cache: { mountPath: "/home/nonroot/.cache", medium: "" } },
        });
        assert.strictEqual(mountAt(deployment, "/var/cache/app"), undefined);
        assert.strictEqual(mountAt(deployment, "/home/nonroot/.cache")?.name, "cache");
    });

    it("leaves out a writable volume given as false", async () => {
        const { deployment } = await declare({ writableVolumes: { logs: false } });
        assert.strictEqual(volumeNamed(deployment, "logs"), undefined);
        assert.strictEqual(mountAt(deployment, "/var/log/app"), undefined);
    });

    it("adds extra volumes and mounts after the writable ones", async () => {
        const { deployment } = await declare({
            extraVolumes: [{ name: "models", configMap: { name: "rag-models" } }],
            extraVolumeMounts: [{ name: "models", mountPath: "/models", readOnly: true }],
        });
        assert.deepStrictEqual(
            podSpecOf(deployment).volumes.map((v: { name: string }) => v.name),
            ["tmp", "cache", "logs", "models"],
        );
        assert.strictEqual(mountAt(deployment, "/models")?.readOnly, true);
    });

    it("replaces a probe whole and leaves out a probe given as false", async () => {
        const readiness = { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 };
        const { deployment } = await declare({ probes: { readiness, liveness: false } });
        const container = containerOf(deployment);
        assert.deepStrictEqual(container.readinessProbe, readiness);
        assert.strictEqual(container.livenessProbe, undefined);
    });

    it("accepts an exec probe of a program that is not a shell", async () => {
        const startup = { exec: { command: ["/bin/grpc_health_probe", "-addr=:8080"] } };
        const { deployment } = await declare({ probes: { startup } });
        assert.deepStrictEqual(containerOf(deployment).startupProbe, startup);
    });

    it("mounts the service account token when asked", async () => {
        const { deployment } = await declare({ automountServiceAccountToken: true });
        assert.strictEqual(podSpecOf(deployment).automountServiceAccountToken, true);
    });

    it("runs the replicas it is given", async () => {
        const { deployment } = await declare({ replicas: 3 });
        assert.strictEqual((deployment.inputs as any).spec.replicas, 3);
    });

    it("uses the disruption budget it is given instead of the default", async () => {
        const { budget } = await declare({ disruptionBudget: { minAvailable: 2 } });
        const spec = (budget.inputs as any).spec;
        assert.strictEqual(spec.minAvailable, 2);
        assert.ok(!("maxUnavailable" in spec));
    });

    it("uses the Service type, service ports and application protocols it is given", async () => {
        const { service } = await declare({
            serviceType: "NodePort",
            ports: [{ name: "http", containerPort: 8080, servicePort: 80, appProtocol: "http" }],
        });
        const spec = (service.inputs as any).spec;
        assert.strictEqual(spec.type, "NodePort");
        assert.deepStrictEqual(spec.ports, [
            { name: "http", port: 80, targetPort: "http", protocol: "TCP", appProtocol: "http" },
        ]);
    });

    it("adds the labels it is given to every object, beside the name label", async () => {
        const { deployment, service } = await declare({
            labels: { "app.kubernetes.io/part-of": "ohlcv" },
        });
        for (const resource of [deployment, service]) {
            assert.deepStrictEqual((resource.inputs as any).metadata.labels, {
                "app.kubernetes.io/part-of": "ohlcv",
                [WORKLOAD_LABEL]: "ohlcv-rag",
            });
        }
        assert.deepStrictEqual((deployment.inputs as any).spec.selector.matchLabels, {
            [WORKLOAD_LABEL]: "ohlcv-rag",
        });
    });

    it("names its objects and container after the workload argument", async () => {
        const { deployment } = await declare({ workload: "ohlcv-rag-api" });
        assert.strictEqual((deployment.inputs as any).metadata.name, "ohlcv-rag-api");
        assert.strictEqual(containerOf(deployment).name, "ohlcv-rag-api");
    });

    it("runs a tag-only image when tags are allowed", async () => {
        const { deployment } = await declare({
            image: "ghcr.io/ohlcv/ohlcv-rag:1.4.2",
            allowTaggedImage: true,
        });
        assert.strictEqual(containerOf(deployment).image, "ghcr.io/ohlcv/ohlcv-rag:1.4.2");
    });

    it("passes command, args and environment to the container", async () => {
        const { deployment } = await declare({
            command: ["/app/server"],
            args: ["--port=8080"],
            env: [{ name: "CHROMA_PORT", value: "8000" }],
        });
        const container = containerOf(deployment);
        assert.deepStrictEqual(
            [container.command, container.args, container.env],
            [["/app/server"], ["--port=8080"], [{ name: "CHROMA_PORT", value: "8000" }]],
        );
    });
});

describe("HardenedWorkload argument checks", () => {
    it("rejects an image pinned by tag only, naming the image and the expected form", () => {
        const err = rejection({ image: "ghcr.io/ohlcv/ohlcv-rag:1.4.2" });
        assert.match(
            err.message,
            /image "ghcr\.io\/ohlcv\/ohlcv-rag:1\.4\.2" is pinned by tag only/,
        );
        assert.match(err.message, /@sha256:<64 hex digits>/);
        assert.match(err.message, /allowTaggedImage/);
    });

    it("rejects an image with neither tag nor digest", () => {
        const err = rejection({ image: "ohlcv-rag" });
        assert.match(err.message, /has neither tag nor digest/);
    });

    it("rejects a digest that is not sha256 with 64 hex digits, even with tags allowed", () => {
        const err = rejection({
            image: "ghcr.io/ohlcv/ohlcv-rag@sha256:abc",
            allowTaggedImage: true,
        });
        assert.match(err.message, /has the digest "sha256:abc"/);
    });

    it("rejects an exec probe that runs a shell", () => {
        const err = rejection({
            probes: { liveness: { exec: { command: ["/bin/sh", "-c", "curl localhost"] } } },
        });
        assert.match(err.message, /probes\.liveness\.exec\.command runs the shell "\/bin\/sh"/);
    });

    it("rejects an exec probe that runs a shell through a launcher", () => {
        const err = rejection({
            probes: { readiness: { exec: { command: ["busybox", "ash", "-c", "true"] } } },
        });
        assert.match(err.message, /probes\.readiness\.exec\.command runs the shell "ash"/);
    });

    it("rejects missing resources", () => {
        const err = rejection({ resources: undefined });
        assert.match(err.message, /resources is missing/);
    });

    it("rejects a missing limit, naming it", () => {
        const err = rejection({
            resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1" } } as any,
        });
        assert.deepStrictEqual(err.problems, [
            'resources.limits.memory is missing; expected a Kubernetes quantity such as "256Mi"',
        ]);
    });

    it("rejects a request that is not a Kubernetes quantity", () => {
        const err = rejection({
            resources: {
                requests: { cpu: "a lot", memory: "512Mi" },
                limits: { cpu: "1", memory: "1Gi" },
            },
        });
        assert.match(
            err.message,
            /resources\.requests\.cpu is "a lot"; expected a Kubernetes quantity/,
        );
    });

    it("rejects a workload without ports", () => {
        const err = rejection({ ports: [] });
        assert.match(err.message, /ports is empty/);
    });

    it("rejects a port out of range and a port name the Service cannot use", () => {
        const err = rejection({ ports: [{ name: "http_api", containerPort: 70000 }] });
        assert.deepStrictEqual(err.problems.length, 2);
        assert.match(err.problems[0], /ports\[0\]\.name is "http_api"/);
        assert.match(err.problems[1], /ports\[0\]\.containerPort is 70000; expected 1-65535/);
    });

    it("rejects a workload name that is not a DNS-1035 label", () => {
        const err = rejection({ workload: "OHLCV_RAG" });
        assert.match(err.message, /workload is "OHLCV_RAG"; expected a DNS-1035 label/);
    });

    it("rejects a name label that differs from the workload's name", () => {
        const err = rejection({ labels: { [WORKLOAD_LABEL]: "other" } });
        assert.match(err.message, /labels\["app\.kubernetes\.io\/name"\] is "other"/);
    });

    it("rejects a replica count that is not a whole number", () => {
        const err = rejection({ replicas: 1.5 });
        assert.match(err.message, /replicas is 1\.5/);
    });

    it("reports every problem at once, under the workload's name", () => {
        const err = rejection({ image: "ohlcv-rag:latest", resources: undefined, ports: [] });
        assert.strictEqual(err.problems.length, 3);
        assert.match(err.message, /^HardenedWorkload "ohlcv-rag" has invalid arguments:\n {2}- /);
    });
});

describe("image references", () => {
    const cases: [string, boolean, boolean][] = [
        [IMAGE, false, true],
        [`ghcr.io/ohlcv/ohlcv-rag:1.4.2@${DIGEST}`, false, true],
        [`localhost:5000/ohlcv-rag@${DIGEST}`, false, true],
        [`ohlcv/ohlcv-rag@${DIGEST}`, false, true],
        ["registry.example.com:5000/team/app:v1", true, true],
        ["registry.example.com:5000/team/app:v1", false, false],
        [`GHCR.io/Ohlcv/rag@${DIGEST}`, false, false],
        [`ghcr.io/ohlcv/rag@sha512:${"ab".repeat(64)}`, true, false],
        [`ghcr.io/ohlcv/rag@${DIGEST}@${DIGEST}`, false, false],
        ["", true, false],
    ];
    for (const [image, allowTagged, accepted] of cases) {
        const verb = accepted ? "accepts" : "rejects";
        it(`${verb} ${JSON.stringify(image)}${allowTagged ? " with tags allowed" : ""}`, () => {
            assert.strictEqual(imageProblem(image, allowTagged) === undefined, accepted);
        });
    }
});

describe("shell detection in exec commands", () => {
    it("finds a shell named by path", () => {
        assert.strictEqual(shellOf(["/bin/bash", "-c", "true"]), "/bin/bash");
    });

    it("finds a shell behind env and its assignments", () => {
        assert.strictEqual(shellOf(["/usr/bin/env", "-i", "A=1", "sh", "-c", "true"]), "sh");
    });

    it("finds no shell in a program that runs none", () => {
        assert.strictEqual(shellOf(["/app/healthcheck", "sh"]), undefined);
    });
});

describe("security context merging", () => {
    it("keeps a default given as undefined", () => {
        assert.deepStrictEqual(mergeOverrides({ a: 1 }, { a: undefined }), { a: 1 });
    });

    it("does not change the defaults it merges into", () => {
        const defaults = { capabilities: { drop: ["ALL"] } };
        mergeOverrides(defaults, { capabilities: { add: ["NET_BIND_SERVICE"] } });
        assert.deepStrictEqual(defaults, { capabilities: { drop: ["ALL"] } });
    });
});

describe("HardenedWorkload with the baseline's Vault annotations", () => {
    const vaultAnnotations = {
        [VAULT_INJECT_ANNOTATION]: "true",
        "vault.hashicorp.com/role": "ohlcv-rag",
        "vault.hashicorp.com/agent-inject-secret-api-key": "secret/data/ohlcv-rag/api-key",
    };

    it("merges them into the pod template annotations", async () => {
        const { deployment } = await declare({ vaultAnnotations });
        const annotations = (deployment.inputs as any).spec.template.metadata.annotations;
        for (const [key, value] of Object.entries(vaultAnnotations)) {
            assert.strictEqual(annotations[key], value, key);
        }
    });

    it("merges them when they arrive as an output, as from a stack reference", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { deployment } = await declare({ vaultAnnotations: pulumi.output(vaultAnnotations) });
        const annotations = (deployment.inputs as any).spec.template.metadata.annotations;
        assert.strictEqual(annotations["vault.hashicorp.com/role"], "ohlcv-rag");
    });

    it("lets the pod annotations it is given win over them", async () => {
        const { deployment } = await declare({
            vaultAnnotations,
            podAnnotations: { "vault.hashicorp.com/role": "ohlcv-rag-batch", team: "quant" },
        });
        const annotations = (deployment.inputs as any).spec.template.metadata.annotations;
        assert.strictEqual(annotations["vault.hashicorp.com/role"], "ohlcv-rag-batch");
        assert.strictEqual(annotations.team, "quant");
    });

    it("gives the agent a short-lived projected token, named in the annotations", async () => {
        const { deployment } = await declare({ vaultAnnotations });
        const annotations = (deployment.inputs as any).spec.template.metadata.annotations;
        assert.strictEqual(annotations[VAULT_TOKEN_VOLUME_ANNOTATION], VAULT_TOKEN_VOLUME);
        assert.deepStrictEqual(volumeNamed(deployment, VAULT_TOKEN_VOLUME)?.projected, {
            sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 600 } }],
        });
    });

    it("does not mount the agent's token into the application container", async () => {
        const { deployment } = await declare({ vaultAnnotations });
        const mounts = containerOf(deployment).volumeMounts.map((m: { name: string }) => m.name);
        assert.ok(!mounts.includes(VAULT_TOKEN_VOLUME));
        assert.strictEqual(podSpecOf(deployment).automountServiceAccountToken, false);
    });

    it("sets the token audience it is given", async () => {
        const { deployment } = await declare({ vaultAnnotations, vaultTokenAudience: "vault" });
        const source = volumeNamed(deployment, VAULT_TOKEN_VOLUME)?.projected.sources[0];
        assert.strictEqual(source.serviceAccountToken.audience, "vault");
    });

    it("uses the token volume the annotations name and adds none when it exists", async () => {
        const { deployment } = await declare({
            vaultAnnotations: {
                ...vaultAnnotations,
                [VAULT_TOKEN_VOLUME_ANNOTATION]: "agent-token",
            },
            extraVolumes: [
                {
                    name: "agent-token",
                    projected: { sources: [{ serviceAccountToken: { path: "jwt" } }] },
                },
            ],
        });
        const names = podSpecOf(deployment).volumes.map((v: { name: string }) => v.name);
        assert.deepStrictEqual(names, ["tmp", "cache", "logs", "agent-token"]);
    });

    it("adds no token volume when the annotations do not ask for injection", async () => {
        const { deployment } = await declare({
            vaultAnnotations: { [VAULT_INJECT_ANNOTATION]: "false" },
        });
        assert.strictEqual(volumeNamed(deployment, VAULT_TOKEN_VOLUME), undefined);
    });
});

/**
 * The policy config of the prod stack, per policy, when the pack has one, with the test image's
 * registry allowed (which registries prod allows is not what these tests are about).
 */
function prodPolicyConfig(): Record<string, object> {
    const file = path.join(__dirname, "../../policypack/config/prod.json");
    const entries = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
    const config: Record<string, object> = {};
    for (const [name, entry] of Object.entries(entries)) {
        if (entry !== null && typeof entry === "object") {
            const { enforcementLevel: _level, ...rest } = entry as Record<string, unknown>;
            config[name] = rest;
        }
    }
    config["workload-image-registry-allowed"] = {
        ...config["workload-image-registry-allowed"],
        allowedRegistries: ["ghcr.io/ohlcv"],
    };
    return config;
}

describe("HardenedWorkload under the pack's pod policies", () => {
    let policies: BaselinePolicy[];
    let config: Record<string, object>;
    before(() => {
        policies = discoverPolicies().filter(
            (p) => "validateResource" in p && /^(pss|workload)-/.test(p.name),
        );
        config = prodPolicyConfig();
    });

    async function reportingPolicies(declared: Declared): Promise<Record<string, string[]>> {
        const reported: Record<string, string[]> = {};
        for (const resource of [declared.deployment, declared.service, declared.budget]) {
            for (const policy of policies) {
                const messages = await checkResource(
                    policy,
                    { type: resource.type, props: resource.inputs, name: resource.name },
                    config[policy.name],
                );
                if (messages.length > 0) {
                    reported[policy.name] = [...(reported[policy.name] ?? []), ...messages];
                }
            }
        }
        return reported;
    }

    it("finds pod policies to run", () => {
        assert.ok(policies.length > 0, "the pack has no pss- or workload- policies");
    });

    it("draws no violation with the defaults", async () => {
        assert.deepStrictEqual(await reportingPolicies(await declare()), {});
    });

    it("draws no violation with Vault injection", async () => {
        const declared = await declare({
            vaultAnnotations: { [VAULT_INJECT_ANNOTATION]: "true" },
        });
        assert.deepStrictEqual(await reportingPolicies(declared), {});
    });

    it("draws no violation with a mounted token whose need the pod declares", async () => {
        const declared = await declare({
            automountServiceAccountToken: true,
            podAnnotations: { "security.baseline/needs-service-account-token": "true" },
        });
        assert.deepStrictEqual(await reportingPolicies(declared), {});
    });

    const breaches: [string, Partial<HardenedWorkloadArgs>][] = [
        [
            "workload-read-only-root-filesystem",
            { securityContext: { container: { readOnlyRootFilesystem: false } } },
        ],
        [
            "pss-allow-privilege-escalation",
            { securityContext: { container: { allowPrivilegeEscalation: true } } },
        ],
        ["pss-run-as-non-root", { securityContext: { pod: { runAsNonRoot: false } } }],
        ["pss-run-as-user", { securityContext: { pod: { runAsUser: 0 } } }],
        ["pss-capabilities-restricted", { securityContext: { container: { capabilities: null } } }],
        ["pss-seccomp-profile-restricted", { securityContext: { pod: { seccompProfile: null } } }],
        [
            "pss-app-armor-profile",
            { securityContext: { pod: { appArmorProfile: { type: "Unconfined" } } } },
        ],
        ["workload-token-automount-off", { automountServiceAccountToken: true }],
        [
            "workload-image-pinned",
            { image: "ghcr.io/ohlcv/ohlcv-rag:latest", allowTaggedImage: true },
        ],
    ];
    for (const [expected, overrides] of breaches) {
        it(`draws ${expected}, and only it, for ${JSON.stringify(overrides)}`, async () => {
            assert.ok(
                policies.some((p) => p.name === expected),
                `the pack has no pod policy named ${expected}`,
            );
            const reported = await reportingPolicies(await declare(overrides));
            assert.deepStrictEqual(Object.keys(reported), [expected], JSON.stringify(reported));
        });
    }
});
