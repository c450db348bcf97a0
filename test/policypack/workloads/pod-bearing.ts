/**
 * Test objects of every pod-bearing kind built around one pod template, so that a pod policy is
 * checked against each kind and each container list from one table. Where each kind keeps its
 * pod template is written out here on its own, not taken from `pod-templates.ts`, so the tests
 * check that module instead of repeating it.
 */
import { CONTAINER_LISTS, type ContainerList } from "../../../policypack/pod-templates";
import type { TestResource } from "../harness";

/** A pod-bearing kind: its Pulumi type token and the path from the object root to its template. */
export interface PodBearingKind {
    kind: string;
    type: string;
    templatePath: string[];
}

/** Every pod-bearing kind the pack knows. */
export const POD_BEARING: PodBearingKind[] = [
    { kind: "Pod", type: "kubernetes:core/v1:Pod", templatePath: [] },
    { kind: "PodTemplate", type: "kubernetes:core/v1:PodTemplate", templatePath: ["template"] },
    {
        kind: "Deployment",
        type: "kubernetes:apps/v1:Deployment",
        templatePath: ["spec", "template"],
    },
    {
        kind: "ReplicaSet",
        type: "kubernetes:apps/v1:ReplicaSet",
        templatePath: ["spec", "template"],
    },
    {
        kind: "StatefulSet",
        type: "kubernetes:apps/v1:StatefulSet",
        templatePath: ["spec", "template"],
    },
    { kind: "DaemonSet", type: "kubernetes:apps/v1:DaemonSet", templatePath: ["spec", "template"] },
    {
        kind: "ReplicationController",
        type: "kubernetes:core/v1:ReplicationController",
        templatePath: ["spec", "template"],
    },
    { kind: "Job", type: "kubernetes:batch/v1:Job", templatePath: ["spec", "template"] },
    {
        kind: "CronJob",
        type: "kubernetes:batch/v1:CronJob",
        templatePath: ["spec", "jobTemplate", "spec", "template"],
    },
];

/** The pod-bearing kind named `kind`. */
export function podBearing(kind: string): PodBearingKind {
    const found = POD_BEARING.find((k) => k.kind === kind);
    if (found === undefined) {
        throw new Error(`no pod-bearing kind ${kind}`);
    }
    return found;
}

/** A pod template as a test states it. */
export interface PodTemplateInput {
    metadata?: Record<string, unknown>;
    spec?: Record<string, unknown>;
}

/** The field path of the pod spec in an object of this kind: `spec.template.spec`. */
export function specPathOf(kind: PodBearingKind): string {
    return [...kind.templatePath, "spec"].join(".");
}

/** An object of `kind` carrying `template`, named `ohlcv-system/ohlcv-rag` unless told. */
export function workloadOf(
    kind: PodBearingKind,
    template: PodTemplateInput,
    name = "ohlcv-rag",
    namespace = "ohlcv-system",
): TestResource {
    const [group, version] = kind.type.split(":")[1].split("/");
    const apiVersion = group === "core" ? version : `${group}/${version}`;
    const metadata = { name, namespace };
    let props: Record<string, unknown>;
    if (kind.templatePath.length === 0) {
        props = { metadata: { ...template.metadata, ...metadata }, spec: template.spec };
    } else {
        let inner: Record<string, unknown> = { metadata: template.metadata, spec: template.spec };
        for (const key of [...kind.templatePath].reverse()) {
            inner = { [key]: inner };
        }
        props = { ...inner, metadata };
    }
    return { type: kind.type, name, props: { apiVersion, kind: kind.kind, ...props } };
}

/** One placement of a container: a kind, a list, the object, and the container's field path. */
export interface Placement {
    label: string;
    list: ContainerList;
    resource: TestResource;
    /** `spec.template.spec.initContainers[0] ("c")`, as messages name the container. */
    containerPath: string;
}

/**
 * The container, named `c`, placed alone in each container list of each pod-bearing kind;
 * `podSpec` adds pod-level fields. `lists` narrows the lists (ephemeral containers are exempt
 * from some policies).
 */
export function placements(
    container: Record<string, unknown>,
    podSpec: Record<string, unknown> = {},
    podMetadata: Record<string, unknown> = {},
    lists: ContainerList[] = CONTAINER_LISTS,
): Placement[] {
    const result: Placement[] = [];
    for (const kind of POD_BEARING) {
        for (const list of lists) {
            const spec = { ...podSpec, [list]: [{ name: "c", ...container }] };
            result.push({
                label: `${kind.kind} ${list}`,
                list,
                resource: workloadOf(kind, { metadata: podMetadata, spec }),
                containerPath: `${specPathOf(kind)}.${list}[0] ("c")`,
            });
        }
    }
    return result;
}

/** Pod-bearing objects of odd shapes that a policy must take without throwing. */
export const ODD_WORKLOADS: TestResource[] = [
    { type: "kubernetes:apps/v1:Deployment", props: {} },
    { type: "kubernetes:apps/v1:Deployment", props: { spec: null } },
    { type: "kubernetes:apps/v1:Deployment", props: { spec: { template: "nonsense" } } },
    { type: "kubernetes:apps/v1:Deployment", props: { spec: { template: { spec: [] } } } },
    { type: "kubernetes:batch/v1:CronJob", props: { spec: { jobTemplate: 7 } } },
    { type: "kubernetes:core/v1:Pod", props: { spec: { containers: "app" } } },
    { type: "kubernetes:core/v1:Pod", props: { spec: { containers: [null, 3, "x", []] } } },
    {
        type: "kubernetes:core/v1:Pod",
        props: {
            metadata: { annotations: "x", name: 5 },
            spec: {
                containers: [
                    {
                        name: 7,
                        image: 42,
                        securityContext: "x",
                        resources: [1],
                        env: [null, 3, { name: 1, value: {} }, { value: null }],
                    },
                ],
                initContainers: { name: "not-a-list" },
                ephemeralContainers: [{ env: "x", image: null, securityContext: null }],
                serviceAccountName: 12,
                automountServiceAccountToken: "false",
            },
        },
    },
];
