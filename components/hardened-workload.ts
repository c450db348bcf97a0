/**
 * A workload run the way the container-security checklist asks, by default: a Deployment in a
 * tenant namespace of the baseline, with its Service and PodDisruptionBudget. App teams declare
 * this instead of a raw Deployment; every default can be overridden, and an override that breaks
 * a checklist item is declared as asked, so that the policy pack reports which item it breaks.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { WORKLOAD_LABEL, workloadPods } from "./selector-labels";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;
type Probe = k8s.types.input.core.v1.Probe;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type EnvFromSource = k8s.types.input.core.v1.EnvFromSource;

/** The user and group id a workload runs as by default: `nonroot` of distroless base images. */
export const DEFAULT_RUN_AS_ID = 65532;

/** The pod annotation that asks the Vault Agent Injector to inject its agent. */
export const VAULT_INJECT_ANNOTATION = "vault.hashicorp.com/agent-inject";

/** The pod annotation naming the volume the injected Vault Agent reads its login token from. */
export const VAULT_TOKEN_VOLUME_ANNOTATION =
    "vault.hashicorp.com/agent-service-account-token-volume-name";

/** The projected token volume added for the Vault Agent when the annotations name none. */
export const VAULT_TOKEN_VOLUME = "vault-token";

/** CPU and memory of a container, as Kubernetes quantities ("250m", "512Mi"). */
export interface ComputeQuantities {
    /** CPU, such as "250m" or "1". */
    cpu: string;
    /** Memory, such as "512Mi". */
    memory: string;
}

/** Requests and limits of the workload's container. Both are required: there is no default. */
export interface WorkloadResources {
    /** What the scheduler reserves for the container. */
    requests: ComputeQuantities;
    /** What the container may use at most; memory above it gets the container killed. */
    limits: ComputeQuantities;
}

/** A port the container listens on; the Service exposes every one. */
export interface WorkloadPort {
    /**
     * The port's name (an IANA service name: at most 15 characters, lower-case letters, digits
     * and '-'); the Service and the default probes target the port by this name.
     */
    name: string;
    /** The port the container listens on, 1-65535. */
    containerPort: number;
    /** The port the Service offers. Default: `containerPort`. */
    servicePort?: number;
    /** Default "TCP". */
    protocol?: "TCP" | "UDP" | "SCTP";
    /**
     * The application protocol ("http", "grpc", ...), set on the Service port. Default: unset.
     * The mesh's HTTP-level authorization rules (paths, methods) only match traffic the mesh
     * knows to be HTTP, so an HTTP port should say so.
     */
    appProtocol?: string;
}

/** A writable, size-limited scratch directory on an otherwise read-only root filesystem. */
export interface WritableVolume {
    /** Where the container sees it. */
    mountPath: string;
    /** The most it may hold, as a Kubernetes quantity. */
    sizeLimit: string;
    /** "Memory" for a tmpfs, "" for the node's disk. */
    medium: "" | "Memory";
}

/**
 * The scratch directories, each an emptyDir volume. A field overrides its defaults key by key;
 * `false` leaves the directory out.
 */
export interface WritableVolumes {
    /** Default: `/tmp`, 64Mi, memory-backed. */
    tmp?: Partial<WritableVolume> | false;
    /** Default: `/var/cache/app`, 256Mi, on disk. */
    cache?: Partial<WritableVolume> | false;
    /** Default: `/var/log/app`, 128Mi, on disk. */
    logs?: Partial<WritableVolume> | false;
}

/** Overrides of a defaulted object: a value replaces the default, `null` removes it. */
export type Overrides<T> = { [K in keyof T]?: T[K] | null };

/**
 * Overrides of the security contexts, merged into the defaults deeply: nested objects are merged
 * key by key, arrays and other values replace the default, and `null` removes a default field.
 */
export interface SecurityContextOverrides {
    /** Merged into the pod's security context. */
    pod?: Overrides<PodSecurityContext>;
    /** Merged into the container's security context. */
    container?: Overrides<SecurityContext>;
}

/** The container's probes. A probe given replaces the default whole; `false` leaves it out. */
export interface WorkloadProbes {
    /** Default: a TCP connect to the first port. */
    liveness?: Probe | false;
    /** Default: a TCP connect to the first port. */
    readiness?: Probe | false;
    /** Default: none. */
    startup?: Probe | false;
}

/** How many pods voluntary disruptions (node drains) may take at once: one of the two. */
export type DisruptionBudget =
    | { maxUnavailable: number | string; minAvailable?: never }
    | { minAvailable: number | string; maxUnavailable?: never };

/** What a hardened workload needs, and what it lets the caller change. */
export interface HardenedWorkloadArgs {
    /** The tenant namespace to run in (the baseline's `tenants.<tenant>.namespace`). */
    namespace: pulumi.Input<string>;
    /**
     * The workload's service account (the baseline's `tenants.<tenant>.serviceAccountNames.<workload>`),
     * whose Role, Vault role and cloud role are bound to it.
     */
    serviceAccountName: pulumi.Input<string>;
    /**
     * The container image, by digest: `registry/name@sha256:<64 hex digits>` (a tag before the
     * digest is allowed). A tag-only or untagged image is rejected unless `allowTaggedImage`.
     * A plain string, so that it is checked when the workload is declared.
     */
    image: string;
    /** Accept an image pinned by tag only (or not pinned). Default: false. */
    allowTaggedImage?: boolean;
    /** Requests and limits of the container. Required. */
    resources: WorkloadResources;
    /** The ports the container listens on, at least one. */
    ports: WorkloadPort[];
    /**
     * The workload's name: the Kubernetes name of the Deployment, Service and budget, the
     * container's name and the value of the `app.kubernetes.io/name` label. Default: the
     * component's resource name.
     */
    workload?: string;
    /** Default: 2, so that the disruption budget keeps a pod running through a node drain. */
    replicas?: pulumi.Input<number>;
    /** The container's entrypoint. Default: the image's. */
    command?: pulumi.Input<pulumi.Input<string>[]>;
    /** The entrypoint's arguments. Default: the image's. */
    args?: pulumi.Input<pulumi.Input<string>[]>;
    /** Environment variables of the container. Default: none. */
    env?: pulumi.Input<pulumi.Input<EnvVar>[]>;
    /** ConfigMaps and Secrets whose keys become environment variables. Default: none. */
    envFrom?: pulumi.Input<pulumi.Input<EnvFromSource>[]>;
    /** Default probes: a TCP connect to the first port, for liveness and readiness. */
    probes?: WorkloadProbes;
    /**
     * Overrides of the security contexts. Defaults: pod level `runAsNonRoot: true`, `runAsUser`,
     * `runAsGroup` and `fsGroup` 65532, seccomp and AppArmor `RuntimeDefault`; container level
     * `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`, capabilities
     * `drop: ["ALL"]`.
     */
    securityContext?: SecurityContextOverrides;
    /** The writable scratch directories. Default: `/tmp` (memory), the cache and the logs. */
    writableVolumes?: WritableVolumes;
    /** More volumes of the pod. Default: none. */
    extraVolumes?: pulumi.Input<Volume>[];
    /** More mounts of the container. Default: none. */
    extraVolumeMounts?: pulumi.Input<VolumeMount>[];
    /**
     * Mount the service account's API token into the pod. Default: false; the workload's code
     * has no business with the Kubernetes API. The pack accepts a mounted token only where the
     * pod declares the need: add `security.baseline/needs-service-account-token: "true"` to
     * `podAnnotations` (policy `workload-token-automount-off`).
     */
    automountServiceAccountToken?: boolean;
    /**
     * Labels of every object and of the pods. Default: none beyond `app.kubernetes.io/name`,
     * which is always the workload's name (the selector relies on it).
     */
    labels?: Record<string, string>;
    /** Annotations of the pods. They win over `vaultAnnotations` for a key in both. */
    podAnnotations?: pulumi.Input<Record<string, string>>;
    /**
     * The baseline's Vault Agent Injector annotations for this workload
     * (`tenants.<tenant>.vaultAnnotations.<workload>`), merged into the pod annotations. When
     * they ask for injection, the pod also gets a projected service-account token volume for the
     * agent to log in with. Default: none.
     */
    vaultAnnotations?: pulumi.Input<Record<string, string> | undefined>;
    /**
     * The audience of the Vault Agent's login token; it must match the `audience` of the
     * workload's Vault role where that is set. Default: unset, i.e. the API server's audience.
     */
    vaultTokenAudience?: string;
    /** Default: `{ maxUnavailable: 1 }`. */
    disruptionBudget?: DisruptionBudget;
    /** The Service's type. Default: "ClusterIP". */
    serviceType?: pulumi.Input<string>;
}

/** The workload's arguments broke a rule; the message names every argument and what is wrong. */
export class HardenedWorkloadArgsError extends pulumi.RunError {
    /** One sentence per problem, each naming the argument, what was found and what is expected. */
    readonly problems: string[];

    constructor(workload: string, problems: string[]) {
        super(
            `HardenedWorkload "${workload}" has invalid arguments:\n` +
                problems.map((problem) => `  - ${problem}`).join("\n"),
        );
        this.name = "HardenedWorkloadArgsError";
        this.problems = problems;
    }
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY_HOST =
    /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const QUANTITY = /^(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const DNS_1035_LABEL = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const IANA_SERVICE_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Why an image reference is not acceptable, or undefined when it is. */
export function imageProblem(image: string, allowTaggedImage: boolean): string | undefined {
    const expected = "expected <registry>/<name>@sha256:<64 hex digits>";
    const found = `image ${JSON.stringify(image)}`;
    const [named, digest, ...rest] = image.split("@");
    if (rest.length > 0) {
        return `${found} has more than one '@'; ${expected}`;
    }
    const lastSlash = named.lastIndexOf("/");
    const tagAt = named.indexOf(":", lastSlash + 1);
    const name = tagAt === -1 ? named : named.slice(0, tagAt);
    const tag = tagAt === -1 ? undefined : named.slice(tagAt + 1);
    const parts = name.split("/");
    const hasHost =
        parts.length > 1 &&
        (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost");
    if (hasHost && !REGISTRY_HOST.test(parts[0])) {
        return `${found} has an invalid registry host ${JSON.stringify(parts[0])}; ${expected}`;
    }
    const path = hasHost ? parts.slice(1) : parts;
    if (path.length === 0 || !path.every((component) => PATH_COMPONENT.test(component))) {
        return `${found} has an invalid repository name; ${expected} (lower case)`;
    }
    if (tag !== undefined && !TAG.test(tag)) {
        return `${found} has an invalid tag ${JSON.stringify(tag)}; ${expected}`;
    }
    if (digest !== undefined) {
        return DIGEST.test(digest)
            ? undefined
            : `${found} has the digest ${JSON.stringify(digest)}; ${expected}`;
    }
    if (allowTaggedImage) {
        return undefined;
    }
    const pinned = tag === undefined ? "has neither tag nor digest" : "is pinned by tag only";
    return `${found} ${pinned}; ${expected}, or set allowTaggedImage to accept tags`;
}

/** Programs that run a shell, and launchers whose next argument names the program they run. */
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish"]);
const LAUNCHERS = new Set(["env", "busybox", "toybox"]);

/** The shell an exec command runs, or undefined when it runs none. */
export function shellOf(command: readonly string[]): string | undefined {
    const programs = command.filter((word) => !word.startsWith("-") && !word.includes("="));
    for (const program of programs) {
        const base = program.split("/").pop() ?? program;
        if (SHELLS.has(base)) {
            return program;
        }
        if (!LAUNCHERS.has(base)) {
            return undefined;
        }
    }
    return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return false;
    }
    if (pulumi.Output.isInstance(value)) {
        return false;
    }
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

/**
 * Merges overrides into defaults: nested plain objects key by key, anything else (arrays,
 * outputs, scalars) replaces the default, `null` removes it and `undefined` keeps it.
 */
export function mergeOverrides<T extends object>(defaults: T, overrides: object | undefined): T {
    const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
    for (const [key, value] of Object.entries(overrides ?? {})) {
        if (value === undefined) {
            continue;
        }
        if (value === null) {
            delete merged[key];
        } else if (isPlainObject(value) && isPlainObject(merged[key])) {
            merged[key] = mergeOverrides(merged[key] as object, value);
        } else {
            merged[key] = value;
        }
    }
    return merged as T;
}

function quantityProblems(resources: unknown): string[] {
    if (!isPlainObject(resources)) {
        return [
            "resources is missing; expected { requests: { cpu, memory }, limits: { cpu, memory } }",
        ];
    }
    const problems: string[] = [];
    for (const kind of ["requests", "limits"]) {
        for (const resource of ["cpu", "memory"]) {
            const value = isPlainObject(resources[kind]) ? resources[kind][resource] : undefined;
            const key = `resources.${kind}.${resource}`;
            if (value === undefined || value === null || value === "") {
                problems.push(`${key} is missing; expected a Kubernetes quantity such as "256Mi"`);
            } else if (typeof value !== "string" || !QUANTITY.test(value)) {
                problems.push(
                    `${key} is ${JSON.stringify(value)}; expected a Kubernetes quantity such as ` +
                        `"500m" or "256Mi"`,
                );
            }
        }
    }
    return problems;
}

function portProblems(ports: unknown): string[] {
    if (!Array.isArray(ports) || ports.length === 0) {
        return ["ports is empty; expected at least one { name, containerPort }"];
    }
    const problems: string[] = [];
    const seen = new Set<string>();
    ports.forEach((port: Partial<WorkloadPort>, index) => {
        const key = `ports[${index}]`;
        if (typeof port.name !== "string" || !IANA_SERVICE_NAME.test(port.name)) {
            problems.push(
                `${key}.name is ${JSON.stringify(port.name)}; expected at most 15 lower-case ` +
                    "letters, digits and single '-', with a letter",
            );
        } else if (seen.has(port.name)) {
            problems.push(`${key}.name "${port.name}" is used twice; expected unique port names`);
        } else {
            seen.add(port.name);
        }
        for (const field of ["containerPort", "servicePort"] as const) {
            const value = port[field];
            const optional = field === "servicePort" && value === undefined;
            if (!optional && !(Number.isInteger(value) && value! >= 1 && value! <= 65535)) {
                problems.push(`${key}.${field} is ${JSON.stringify(value)}; expected 1-65535`);
            }
        }
    });
    return problems;
}

function probeProblems(probes: WorkloadProbes | undefined): string[] {
    const problems: string[] = [];
    for (const [kind, probe] of Object.entries(probes ?? {})) {
        const command: unknown = probe ? (probe.exec as { command?: unknown })?.command : undefined;
        if (!Array.isArray(command) || !command.every((word) => typeof word === "string")) {
            // LIMITATION: an exec command given as an output is not known here and not checked.
            continue;
        }
        const shell = shellOf(command);
        if (shell !== undefined) {
            problems.push(
                `probes.${kind}.exec.command runs the shell ${JSON.stringify(shell)}; expected ` +
                    "an httpGet, tcpSocket or grpc probe, or an exec of a program that is not a " +
                    "shell (the image ships no shell)",
            );
        }
    }
    return problems;
}

/** Every problem of the arguments that is known when the component is declared. */
function argumentProblems(workload: string, args: HardenedWorkloadArgs): string[] {
    const problems: string[] = [];
    if (!DNS_1035_LABEL.test(workload)) {
        problems.push(
            `workload is ${JSON.stringify(workload)}; expected a DNS-1035 label (at most 63 ` +
                "lower-case letters, digits and '-', starting with a letter)",
        );
    }
    const image = typeof args.image === "string" ? args.image : "";
    const problem = imageProblem(image, args.allowTaggedImage === true);
    if (problem !== undefined) {
        problems.push(problem);
    }
    problems.push(...quantityProblems(args.resources));
    problems.push(...portProblems(args.ports));
    problems.push(...probeProblems(args.probes));
    if (
        typeof args.replicas === "number" &&
        !(Number.isInteger(args.replicas) && args.replicas >= 0)
    ) {
        problems.push(`replicas is ${args.replicas}; expected a whole number, 0 or more`);
    }
    const nameLabel = args.labels?.[WORKLOAD_LABEL];
    if (nameLabel !== undefined && nameLabel !== workload) {
        problems.push(
            `labels["${WORKLOAD_LABEL}"] is ${JSON.stringify(nameLabel)}; expected the ` +
                `workload's name "${workload}" or unset (the pods are selected by it)`,
        );
    }
    return problems;
}

const DEFAULT_WRITABLE_VOLUMES: Record<keyof WritableVolumes, WritableVolume> = {
    tmp: { mountPath: "/tmp", sizeLimit: "64Mi", medium: "Memory" },
    cache: { mountPath: "/var/cache/app", sizeLimit: "256Mi", medium: "" },
    logs: { mountPath: "/var/log/app", sizeLimit: "128Mi", medium: "" },
};

function writableVolumesOf(overrides: WritableVolumes | undefined): {
    volumes: Volume[];
    mounts: VolumeMount[];
} {
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    for (const [name, defaults] of Object.entries(DEFAULT_WRITABLE_VOLUMES)) {
        const override = overrides?.[name as keyof WritableVolumes];
        if (override === false) {
            continue;
        }
        const volume = { ...defaults, ...override };
        // A memory-backed emptyDir is a tmpfs whose contents are charged to the container's
        // memory: its sizeLimit must leave the process room under limits.memory.
        const emptyDir =
            volume.medium === "Memory"
                ? { medium: "Memory", sizeLimit: volume.sizeLimit }
                : { sizeLimit: volume.sizeLimit };
        volumes.push({ name, emptyDir });
        mounts.push({ name, mountPath: volume.mountPath });
    }
    return { volumes, mounts };
}

function defaultPodSecurityContext(): PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: DEFAULT_RUN_AS_ID,
        runAsGroup: DEFAULT_RUN_AS_ID,
        fsGroup: DEFAULT_RUN_AS_ID,
        seccompProfile: { type: "RuntimeDefault" },
        // The appArmorProfile field exists from Kubernetes 1.30 on. Older API servers do not
        // know it (they drop it, or reject it under strict field validation) and read the
        // container.apparmor.security.beta.kubernetes.io annotation instead.
        appArmorProfile: { type: "RuntimeDefault" },
    };
}

function defaultContainerSecurityContext(): SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}

function defaultProbe(port: WorkloadPort): Probe {
    return { tcpSocket: { port: port.name } };
}

function probeOf(given: Probe | false | undefined, fallback: Probe | undefined): Probe | undefined {
    if (given === false) {
        return undefined;
    }
    return given ?? fallback;
}

/** Whether pod annotations ask the Vault Agent Injector to inject its agent. */
function asksForVaultAgent(annotations: Record<string, string>): boolean {
    return annotations[VAULT_INJECT_ANNOTATION] === "true";
}

/**
 * A Deployment hardened to the checklist, with a Service and a PodDisruptionBudget, in a tenant
 * namespace of the baseline, its pods labelled `app.kubernetes.io/name: <workload>` so that the
 * baseline's network and mesh policies apply to them.
 */
export class HardenedWorkload extends pulumi.ComponentResource {
    /** The Kubernetes name of the Deployment. */
    public readonly deploymentName: pulumi.Output<string>;
    /** The Kubernetes name of the Service. */
    public readonly serviceName: pulumi.Output<string>;
    /**
     * The labels that select the workload's pods (the Deployment's selector also leaves out
     * quarantined pods).
     */
    public readonly selectorLabels: Record<string, string>;

    constructor(name: string, args: HardenedWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        const workload = args.workload ?? name;
        const problems = argumentProblems(workload, args);
        if (problems.length > 0) {
            throw new HardenedWorkloadArgsError(workload, problems);
        }
        super("ohlcv:security:HardenedWorkload", name, {}, opts);

        this.selectorLabels = { [WORKLOAD_LABEL]: workload };
        const labels = { ...args.labels, ...this.selectorLabels };
        const metadata = { name: workload, namespace: args.namespace, labels };

        const annotations = pulumi
            .all([args.vaultAnnotations, args.podAnnotations])
            .apply(([vault, own]) => {
                const merged: Record<string, string> = { ...vault, ...own };
                if (asksForVaultAgent(merged) && !merged[VAULT_TOKEN_VOLUME_ANNOTATION]) {
                    merged[VAULT_TOKEN_VOLUME_ANNOTATION] = VAULT_TOKEN_VOLUME;
                }
                return merged;
            });

        const writable = writableVolumesOf(args.writableVolumes);
        const volumes = pulumi
            .all([annotations, pulumi.output(args.extraVolumes ?? [])])
            .apply(([podAnnotations, extra]) => {
                const all: Volume[] = [...writable.volumes, ...extra];
                const tokenVolume = podAnnotations[VAULT_TOKEN_VOLUME_ANNOTATION];
                // With automountServiceAccountToken false the injector finds no token to log in
                // to Vault with and rejects the pod; a projected token volume named in the
                // annotation gives the agent, and only the agent, a short-lived token.
                if (asksForVaultAgent(podAnnotations) && !all.some((v) => v.name === tokenVolume)) {
                    all.push({
                        name: tokenVolume,
                        projected: {
                            sources: [
                                {
                                    serviceAccountToken: {
                                        path: "token",
                                        expirationSeconds: 600,
                                        audience: args.vaultTokenAudience,
                                    },
                                },
                            ],
                        },
                    });
                }
                return all;
            });

        const firstPort = args.ports[0];
        const container: k8s.types.input.core.v1.Container = {
            name: workload,
            image: args.image,
            command: args.command,
            args: args.args,
            env: args.env,
            envFrom: args.envFrom,
            ports: args.ports.map((port) => ({
                name: port.name,
                containerPort: port.containerPort,
                protocol: port.protocol ?? "TCP",
            })),
            resources: {
                requests: { ...args.resources.requests },
                limits: { ...args.resources.limits },
            },
            securityContext: mergeOverrides(
                defaultContainerSecurityContext(),
                args.securityContext?.container,
            ),
            volumeMounts: [...writable.mounts, ...(args.extraVolumeMounts ?? [])],
            livenessProbe: probeOf(args.probes?.liveness, defaultProbe(firstPort)),
            readinessProbe: probeOf(args.probes?.readiness, defaultProbe(firstPort)),
            startupProbe: probeOf(args.probes?.startup, undefined),
        };

        const deployment = new k8s.apps.v1.Deployment(
            name,
            {
                metadata,
                spec: {
                    replicas: args.replicas ?? 2,
                    // Quarantined pods leave the ReplicaSet: it starts a replacement, and neither
                    // a rollout nor a scale-down deletes the pod while it is examined.
                    selector: workloadPods(workload),
                    template: {
                        metadata: { labels, annotations },
                        spec: {
                            serviceAccountName: args.serviceAccountName,
                            automountServiceAccountToken:
                                args.automountServiceAccountToken ?? false,
                            securityContext: mergeOverrides(
                                defaultPodSecurityContext(),
                                args.securityContext?.pod,
                            ),
                            // LIMITATION: one application container. Sidecars (the mesh
                            // proxy, the Vault Agent) are added by admission webhooks.
                            containers: [container],
                            volumes,
                        },
                    },
                },
            },
            { parent: this },
        );

        const service = new k8s.core.v1.Service(
            name,
            {
                metadata,
                spec: {
                    type: args.serviceType ?? "ClusterIP",
                    // LIMITATION: a Service selector is a plain label map and cannot leave
                    // quarantined pods out; their traffic is cut by the baseline's network
                    // policies, so requests routed to them fail until the pod is removed.
                    selector: this.selectorLabels,
                    ports: args.ports.map((port) => ({
                        name: port.name,
                        port: port.servicePort ?? port.containerPort,
                        targetPort: port.name,
                        protocol: port.protocol ?? "TCP",
                        appProtocol: port.appProtocol,
                    })),
                },
            },
            { parent: this },
        );

        new k8s.policy.v1.PodDisruptionBudget(
            name,
            {
                metadata,
                spec: {
                    selector: workloadPods(workload),
                    ...(args.disruptionBudget ?? { maxUnavailable: 1 }),
                },
            },
            { parent: this },
        );

        this.deploymentName = deployment.metadata.name;
        this.serviceName = service.metadata.name;
        this.registerOutputs({
            deploymentName: this.deploymentName,
            serviceName: this.serviceName,
            selectorLabels: this.selectorLabels,
        });
    }
}
