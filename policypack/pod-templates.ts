/**
 * The one place that knows where pods live in Kubernetes objects: which kinds carry a pod
 * template, the path to its spec, and the three container lists of a pod spec. Every policy that
 * looks at pods goes through here, so that no kind and no container list is forgotten.
 *
 * Pulumi also writes these kinds as a patch (`DeploymentPatch`, `PodPatch`) and as a list
 * (`DeploymentList`); `podTemplatesOf` finds the template of the first and one per item of the
 * second, and `isJudged` says which values of a patch a policy may judge.
 */
import { type TypeVariant, kubernetesTypeOf, storedKindOf } from "./kubernetes-types";
import { read } from "./violation";

/** The path from an object's root to its pod template (`metadata` and `spec`), per kind. */
const TEMPLATE_PATHS: Record<string, string[]> = {
    Pod: [],
    PodTemplate: ["template"],
    Deployment: ["spec", "template"],
    ReplicaSet: ["spec", "template"],
    StatefulSet: ["spec", "template"],
    DaemonSet: ["spec", "template"],
    ReplicationController: ["spec", "template"],
    Job: ["spec", "template"],
    CronJob: ["spec", "jobTemplate", "spec", "template"],
};

/** API groups whose kinds above are the Kubernetes workload kinds (not a CRD of the same name). */
const WORKLOAD_GROUPS = new Set(["core", "apps", "batch", "extensions"]);

/** The pod-bearing Kubernetes kinds, for documentation and tests. */
export const POD_BEARING_KINDS = Object.keys(TEMPLATE_PATHS);

/** The container lists of a pod spec. Ephemeral containers are the debug containers. */
export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";

/** Every container list, in the order Pod Security Admission reports them. */
export const CONTAINER_LISTS: ContainerList[] = [
    "containers",
    "initContainers",
    "ephemeralContainers",
];

/** One container of a pod template, with where it stands. */
export interface ContainerRef {
    /** The container object as given (any shape). */
    container: Record<string, any>;
    /** The list it stands in. */
    list: ContainerList;
    /** Its index in that list. */
    index: number;
    /** Its name, or `#<index>` where it has none. */
    name: string;
    /** Its field path from the object's root: `spec.template.spec.containers[0]`. */
    path: string;
}

/** The pod template of a Kubernetes object. */
export interface PodTemplate {
    /**
     * The Kubernetes kind of the object that carries it (`Deployment`), also where the resource
     * is a patch of that kind (`DeploymentPatch`) or a list of it (`DeploymentList`).
     */
    kind: string;
    /** The object that carries it: the resource's properties, or one item of a list. */
    object: unknown;
    /** The pod metadata (annotations and labels that apply to the pods), `{}` when absent. */
    metadata: Record<string, any>;
    /** The pod spec, `{}` when absent. */
    spec: Record<string, any>;
    /**
     * Field path from the resource's root to the pod spec: `spec.template.spec`, `spec`, or
     * `items[2].spec.template.spec` in a list.
     */
    specPath: string;
    /** Field path from the resource's root to the pod metadata. */
    metadataPath: string;
    /** True for the template of a patch, which names only the fields it changes; see `isJudged`. */
    partial: boolean;
}

/** The pod-bearing kind a type token writes, and whether whole, as a patch or as a list. */
export interface PodBearingType {
    /** The stored kind: `Deployment` for `DeploymentPatch` and `DeploymentList` too. */
    kind: string;
    variant: TypeVariant;
}

function isObject(value: unknown): value is Record<string, any> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The pod-bearing kind of a type token; undefined for a type that carries no pods. Reads no
 * property, so it holds while a preview does not know the values yet.
 */
export function podBearingTypeOf(type: string): PodBearingType | undefined {
    const parsed = kubernetesTypeOf(type);
    if (parsed === undefined || !WORKLOAD_GROUPS.has(parsed.group)) {
        return undefined;
    }
    const stored = storedKindOf(parsed);
    return Object.prototype.hasOwnProperty.call(TEMPLATE_PATHS, stored.kind) ? stored : undefined;
}

/**
 * True for a type token whose objects run pods: every pod-bearing kind, whole, patched or
 * listed, but PodTemplate, which runs nothing by itself (controllers copy templates, not it).
 */
export function isWorkloadType(type: string): boolean {
    const bearing = podBearingTypeOf(type);
    return bearing !== undefined && bearing.kind !== "PodTemplate";
}

/**
 * The key under which the CrossGuard server's unknown-checking proxy hands out the object it
 * wraps. Every policy of one request sees its own proxy over the same object, so that object
 * identifies the resource across policies.
 */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** Pod templates already found, per resource object and type token. */
const templates = new WeakMap<object, Map<string, readonly PodTemplate[]>>();

/** Container lists already walked, per pod template. */
const containerLists = new WeakMap<PodTemplate, ContainerRef[]>();

function identityOf(props: unknown): object | undefined {
    if (props === null || typeof props !== "object") {
        return undefined;
    }
    const target = (props as Record<string, unknown>)[PROXY_TARGET];
    return target !== null && typeof target === "object" ? target : props;
}

/** The pod template of one object of `kind`, whose root is at `prefix` in the resource. */
function templateIn(object: unknown, kind: string, prefix: string, partial: boolean): PodTemplate {
    const path = TEMPLATE_PATHS[kind];
    const template = path.length === 0 ? object : read(object, ...path);
    const at = prefix + path.map((key) => `${key}.`).join("");
    const metadata = read(template, "metadata");
    const spec = read(template, "spec");
    return {
        kind,
        object,
        metadata: isObject(metadata) ? metadata : {},
        spec: isObject(spec) ? spec : {},
        specPath: `${at}spec`,
        metadataPath: `${at}metadata`,
        partial,
    };
}

/** Finds the pod templates of a resource; see `podTemplatesOf`. */
function findPodTemplates(type: string, props: unknown): readonly PodTemplate[] {
    const bearing = podBearingTypeOf(type);
    if (bearing === undefined) {
        return [];
    }
    if (bearing.variant !== "list") {
        return [templateIn(props, bearing.kind, "", bearing.variant === "patch")];
    }
    const items = read(props, "items");
    if (!Array.isArray(items)) {
        return [];
    }
    const found: PodTemplate[] = [];
    items.forEach((item: unknown, index: number) => {
        if (isObject(item)) {
            found.push(templateIn(item, bearing.kind, `items[${index}].`, false));
        }
    });
    return found;
}

/**
 * Every pod template of a resource, given its Pulumi type token and raw properties: one for a
 * whole object or a patch, one per item of a list, none for a resource that carries no pods.
 * Never throws: a missing or odd template yields empty objects, an odd list item none.
 */
export function podTemplatesOf(type: string, props: unknown): readonly PodTemplate[] {
    // Some thirty pod policies look at each pod-bearing resource: find its templates once.
    const key = identityOf(props);
    const known = key ? templates.get(key) : undefined;
    const cached = known?.get(type);
    if (cached !== undefined) {
        return cached;
    }
    const pods = findPodTemplates(type, props);
    if (key) {
        templates.set(key, (known ?? new Map()).set(type, pods));
    }
    return pods;
}

/**
 * The pod template of a resource that writes one object, whole or as a patch; undefined for a
 * resource that carries no pods, and for a list, whose templates `podTemplatesOf` gives.
 */
export function podTemplateOf(type: string, props: unknown): PodTemplate | undefined {
    return podBearingTypeOf(type)?.variant === "list" ? undefined : podTemplatesOf(type, props)[0];
}

/**
 * Whether a policy judges a value it found in this template. In a whole object, always: an
 * absent field takes the API's default, which is what the policies judge. A patch is applied
 * by server-side apply and changes only the fields it names; a field it leaves out keeps the
 * live object's value, which the pack cannot see, so only a value the patch sets is judged and
 * "unset" is never a violation of a patch.
 * LIMITATION: a patch that sets a field to null is not judged either, though it may clear the
 * live value to the API default; and exemptions read from the patch alone (`spec.os.name`,
 * `hostUsers`, annotations), not from the live object.
 */
export function isJudged(pod: PodTemplate, found: unknown): boolean {
    return !pod.partial || (found !== undefined && found !== null);
}

/** Every container of a pod template, from all three lists; odd entries are skipped. */
export function containersOf(
    pod: PodTemplate,
    lists: ContainerList[] = CONTAINER_LISTS,
): ContainerRef[] {
    const everyList = lists === CONTAINER_LISTS;
    const known = everyList ? containerLists.get(pod) : undefined;
    if (known) {
        return [...known];
    }
    const refs: ContainerRef[] = [];
    for (const list of lists) {
        const entries = pod.spec[list];
        if (!Array.isArray(entries)) {
            continue;
        }
        entries.forEach((container: unknown, index: number) => {
            if (!isObject(container)) {
                return;
            }
            const name = typeof container.name === "string" ? container.name : `#${index}`;
            refs.push({ container, list, index, name, path: `${pod.specPath}.${list}[${index}]` });
        });
    }
    if (everyList) {
        containerLists.set(pod, refs);
        return [...refs];
    }
    return refs;
}

/** How a container is named in a message: `container "app" (spec.template.spec.containers[0])`. */
export function containerLabel(ref: ContainerRef): string {
    const noun =
        ref.list === "containers"
            ? "container"
            : ref.list === "initContainers"
              ? "init container"
              : "ephemeral container";
    return `${noun} ${JSON.stringify(ref.name)} (${ref.path})`;
}

/**
 * A field path inside a container, the container's name shown after its index:
 * `spec.template.spec.containers[0] ("app").securityContext.privileged`.
 */
export function containerField(ref: ContainerRef, field: string): string {
    return `${ref.path} (${JSON.stringify(ref.name)}).${field}`;
}

/** A security context of a pod template: the pod-level one, or that of one container. */
export interface SecurityContextRef {
    /** The security context as given; undefined where it is absent or not an object. */
    context: Record<string, any> | undefined;
    /** The container it belongs to; absent for the pod-level context. */
    container?: ContainerRef;
    /** Field path of a field inside this context: `at("runAsUser")`. */
    at(field: string): string;
}

/**
 * The pod-level security context (`spec.securityContext`) followed by that of every container of
 * all three lists, for fields that both levels carry (runAsUser, seLinuxOptions, ...). Every
 * container is listed, whether or not it sets a security context.
 */
export function securityContextsOf(pod: PodTemplate): SecurityContextRef[] {
    let refs = securityContexts.get(pod);
    if (!refs) {
        refs = findSecurityContexts(pod);
        securityContexts.set(pod, refs);
    }
    return [...refs];
}

/** Security contexts already gathered, per pod template. */
const securityContexts = new WeakMap<PodTemplate, SecurityContextRef[]>();

function findSecurityContexts(pod: PodTemplate): SecurityContextRef[] {
    const podContext = pod.spec.securityContext;
    const refs: SecurityContextRef[] = [
        {
            context: isObject(podContext) ? podContext : undefined,
            at: (field) => `${pod.specPath}.securityContext.${field}`,
        },
    ];
    for (const container of containersOf(pod)) {
        const context = container.container.securityContext;
        refs.push({
            context: isObject(context) ? context : undefined,
            container,
            at: (field) => containerField(container, `securityContext.${field}`),
        });
    }
    return refs;
}

/** One volume of a pod template, with where it stands. */
export interface VolumeRef {
    /** The volume object as given (any shape). */
    volume: Record<string, any>;
    /** Its name, or `#<index>` where it has none. */
    name: string;
    /** Field path of a field inside this volume: `at("hostPath")`. */
    at(field: string): string;
}

/** Every volume of a pod template (`spec.volumes`); odd entries are skipped. */
export function volumesOf(pod: PodTemplate): VolumeRef[] {
    let refs = volumeLists.get(pod);
    if (!refs) {
        refs = findVolumes(pod);
        volumeLists.set(pod, refs);
    }
    return [...refs];
}

/** Volumes already gathered, per pod template. */
const volumeLists = new WeakMap<PodTemplate, VolumeRef[]>();

function findVolumes(pod: PodTemplate): VolumeRef[] {
    const entries = pod.spec.volumes;
    if (!Array.isArray(entries)) {
        return [];
    }
    const refs: VolumeRef[] = [];
    entries.forEach((volume: unknown, index: number) => {
        if (!isObject(volume)) {
            return;
        }
        const name = typeof volume.name === "string" ? volume.name : `#${index}`;
        const path = `${pod.specPath}.volumes[${index}] (${JSON.stringify(name)})`;
        refs.push({ volume, name, at: (field) => `${path}.${field}` });
    });
    return refs;
}
