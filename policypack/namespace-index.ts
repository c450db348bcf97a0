/**
 * The namespaces of a stack, gathered in one pass over its resources for the stack policies that
 * ask something of every namespace that runs workloads: which namespaces run pods (and the
 * first workload seen there, to name in a message) and which Namespace objects the stack
 * declares (to report against their URN).
 */
import type { PolicyResource } from "@pulumi/policy";

import { isKindOf } from "./kubernetes-types";
import { isWorkloadType, podTemplatesOf } from "./pod-templates";
import { read, subjectOf } from "./violation";

/**
 * The namespace an object without `metadata.namespace` lands in.
 * LIMITATION: a Pulumi Kubernetes provider can set another default namespace; the pack cannot
 * see provider configuration, so such objects are counted in `default`.
 */
export const DEFAULT_NAMESPACE = "default";

/** The namespace of a namespaced object, `default` when it names none. */
export function namespaceOf(props: unknown): string {
    const namespace = read(props, "metadata", "namespace");
    return typeof namespace === "string" && namespace !== "" ? namespace : DEFAULT_NAMESPACE;
}

/** A resource as a stack policy names it in a message and reports it. */
export interface ResourceMention {
    /** `Deployment ohlcv-system/ohlcv-rag`. */
    subject: string;
    urn: string;
}

/** Namespaces that run workloads, and Namespace objects, of one stack. */
export class NamespaceIndex {
    /** Each namespace that runs pods, with the first pod-bearing resource seen in it. */
    readonly workloads = new Map<string, ResourceMention>();
    /** Each Namespace object the stack declares, by name, with its URN. */
    readonly declared = new Map<string, string>();

    /**
     * Records the resource if it runs pods or is a Namespace; constant work per resource, per
     * item of a list. A patch of a workload counts: the object it patches runs in its namespace.
     */
    add(resource: PolicyResource): void {
        if (isWorkloadType(resource.type)) {
            for (const pod of podTemplatesOf(resource.type, resource.props)) {
                const namespace = namespaceOf(pod.object);
                if (!this.workloads.has(namespace)) {
                    this.workloads.set(namespace, {
                        subject: subjectOf(resource.type, resource.props, resource.name),
                        urn: resource.urn,
                    });
                }
            }
            return;
        }
        if (isKindOf(resource.type, "core", ["Namespace"])) {
            const name = read(resource.props, "metadata", "name");
            if (typeof name === "string" && name !== "" && !this.declared.has(name)) {
                this.declared.set(name, resource.urn);
            }
        }
    }

    /** The URN to report a namespace's violation against: its Namespace, else its first workload. */
    urnOf(namespace: string): string | undefined {
        return this.declared.get(namespace) ?? this.workloads.get(namespace)?.urn;
    }
}
