/**
 * Every namespace that runs workloads denies traffic by default in both directions (CIS 5.3.2),
 * so that only what a NetworkPolicy names is allowed. A NetworkPolicy denies a direction by
 * default when it selects every pod (`podSelector: {}`, or none, which means the same), lists
 * the direction in `policyTypes`, and has no rule for it: a rule, even a narrow one, allows
 * traffic. The default-deny may be one policy for both directions or one per direction.
 *
 * Kubernetes defaults an absent `policyTypes` to `Ingress`, plus `Egress` when there are egress
 * rules; so a policy without `policyTypes` never denies egress.
 */
import type { PolicyResource } from "@pulumi/policy";

import type { BaselineStackPolicy } from "../../catalog";
import { kubernetesTypeOf } from "../../kubernetes-types";
import { NamespaceIndex, namespaceOf } from "../../namespace-index";
import { read } from "../../violation";

type Direction = "Ingress" | "Egress";

const DIRECTIONS: Direction[] = ["Ingress", "Egress"];

/** The rule list of each direction in a NetworkPolicy spec. */
const RULES_FIELD: Record<Direction, string> = { Ingress: "ingress", Egress: "egress" };

function isEmptyList(value: unknown): boolean {
    return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function selectsEveryPod(spec: unknown): boolean {
    const selector = read(spec, "podSelector");
    if (selector === undefined || selector === null) {
        return true;
    }
    if (typeof selector !== "object" || Array.isArray(selector)) {
        return false;
    }
    const labels = read(selector, "matchLabels");
    const labelsEmpty =
        labels === undefined ||
        labels === null ||
        (typeof labels === "object" && Object.keys(labels).length === 0);
    return labelsEmpty && isEmptyList(read(selector, "matchExpressions"));
}

/** The directions `policyTypes` names, with the API server's default where it is absent. */
function policyTypesOf(spec: unknown): Direction[] {
    const types = read(spec, "policyTypes");
    if (Array.isArray(types)) {
        return DIRECTIONS.filter((direction) => types.includes(direction));
    }
    return isEmptyList(read(spec, "egress")) ? ["Ingress"] : ["Ingress", "Egress"];
}

/** The directions this NetworkPolicy denies for every pod of its namespace. */
export function defaultDeniedDirections(props: unknown): Direction[] {
    const spec = read(props, "spec");
    if (!selectsEveryPod(spec)) {
        return [];
    }
    return policyTypesOf(spec).filter((direction) =>
        isEmptyList(read(spec, RULES_FIELD[direction])),
    );
}

/** A whole NetworkPolicy object; a patch of one does not show what the object will hold. */
function isNetworkPolicy(resource: PolicyResource): boolean {
    const type = kubernetesTypeOf(resource.type);
    return type?.group === "networking.k8s.io" && type.kind === "NetworkPolicy";
}

const policy: BaselineStackPolicy = {
    name: "network-default-deny-per-namespace",
    description:
        "Every namespace that runs workloads has a NetworkPolicy that selects all pods (podSelector: {}) and denies Ingress and Egress by default (policyTypes lists them, with no rules for them).",
    severity: "high",
    checklist: "default-deny network policy in every workload namespace",
    cis: "5.3.2",
    validateStack: (args, reportViolation) => {
        const index = new NamespaceIndex();
        const denied = new Map<string, Set<Direction>>();
        for (const resource of args.resources) {
            index.add(resource);
            if (!isNetworkPolicy(resource)) {
                continue;
            }
            const namespace = namespaceOf(resource.props);
            const directions = denied.get(namespace) ?? new Set<Direction>();
            for (const direction of defaultDeniedDirections(resource.props)) {
                directions.add(direction);
            }
            denied.set(namespace, directions);
        }

        for (const [namespace, workload] of index.workloads) {
            const found = denied.get(namespace);
            const missing = DIRECTIONS.filter((direction) => !found?.has(direction));
            if (missing.length === 0) {
                continue;
            }
            reportViolation(
                `Namespace ${namespace}: runs ${workload.subject} but no NetworkPolicy there denies ${missing.join(" and ")} by default; allowed: a NetworkPolicy with podSelector: {}, policyTypes [${missing.join(", ")}] and no ${missing.map((d) => RULES_FIELD[d]).join(" or ")} rules`,
                index.urnOf(namespace),
            );
        }
    },
};

export default policy;
