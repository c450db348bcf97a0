/**
 * Stacks for the stack-policy tests: small ones built from a few objects, large synthetic ones
 * for the scaling checks, and a way to count how many properties a policy reads, so that
 * linear work can be asserted by counting rather than by the clock alone.
 */
import type { TestResource } from "../harness";
import { podBearing, workloadOf } from "../workloads/pod-bearing";

/** A Deployment named `name` in `namespace` (no namespace when undefined). */
export function deployment(namespace: string | undefined, name = "ohlcv-rag"): TestResource {
    const resource = workloadOf(
        podBearing("Deployment"),
        { spec: { containers: [{ name: "c" }] } },
        name,
    );
    if (namespace === undefined) {
        delete resource.props.metadata.namespace;
    } else {
        resource.props.metadata.namespace = namespace;
    }
    return { ...resource, name: `${namespace ?? "default"}-${name}` };
}

/** A DeploymentPatch of `namespace`/`name` that sets only its container's image. */
export function deploymentPatch(namespace: string, name = "ohlcv-rag"): TestResource {
    const patch = workloadOf(
        podBearing("Deployment"),
        { spec: { containers: [{ name: "c", image: "ghcr.io/ohlcv/rag:1.5" }] } },
        name,
        namespace,
    );
    return { ...patch, type: `${patch.type}Patch`, name: `${namespace}-${name}-patch` };
}

/** A List resource of `kind` named `name`, one item in each of `namespaces`. */
export function listIn(kind: string, namespaces: string[], name = "tenant-apps"): TestResource {
    const bearing = podBearing(kind);
    const items = namespaces.map(
        (namespace, i) =>
            workloadOf(bearing, { spec: { containers: [{ name: "c" }] } }, `app-${i}`, namespace)
                .props,
    );
    return { type: `${bearing.type}List`, name, props: { items } };
}

/** A Namespace object. */
export function namespaceObject(name: string): TestResource {
    return {
        type: "kubernetes:core/v1:Namespace",
        name: `ns-${name}`,
        props: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
    };
}

/** A NetworkPolicy in `namespace` with the given spec. */
export function networkPolicy(
    namespace: string,
    spec: unknown,
    name = "default-deny",
): TestResource {
    return {
        type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
        name: `${namespace}-${name}`,
        props: {
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name, namespace },
            spec,
        },
    };
}

/** The default-deny NetworkPolicy spec for both directions. */
export const DENY_ALL = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };

/** An Istio PeerAuthentication in `namespace`. */
export function peerAuthentication(
    namespace: string,
    spec: unknown,
    name = "default",
    version = "v1",
): TestResource {
    return {
        type: `kubernetes:security.istio.io/${version}:PeerAuthentication`,
        name: `${namespace}-${name}`,
        props: {
            apiVersion: `security.istio.io/${version}`,
            kind: "PeerAuthentication",
            metadata: { name, namespace },
            spec,
        },
    };
}

/**
 * A compliant stack of `namespaces` tenant namespaces, each with its Namespace, a default-deny
 * NetworkPolicy, a STRICT PeerAuthentication and `workloads` Deployments.
 */
export function syntheticStack(namespaces: number, workloads: number): TestResource[] {
    const resources: TestResource[] = [];
    for (let n = 0; n < namespaces; n++) {
        const namespace = `tenant-${n}`;
        resources.push(namespaceObject(namespace));
        resources.push(networkPolicy(namespace, DENY_ALL));
        resources.push(peerAuthentication(namespace, { mtls: { mode: "STRICT" } }));
        for (let w = 0; w < workloads; w++) {
            resources.push(deployment(namespace, `app-${w}`));
        }
    }
    return resources;
}

/** Wraps every resource's props so that each property read is counted. */
export function countingReads(resources: TestResource[]): {
    resources: TestResource[];
    reads: () => number;
} {
    let reads = 0;
    const wrap = (value: unknown): unknown => {
        if (value === null || typeof value !== "object") {
            return value;
        }
        return new Proxy(value as object, {
            get(target, key, receiver) {
                reads++;
                return wrap(Reflect.get(target, key, receiver));
            },
        });
    };
    return {
        resources: resources.map((r) => ({
            ...r,
            props: wrap(r.props) as Record<string, unknown>,
        })),
        reads: () => reads,
    };
}
