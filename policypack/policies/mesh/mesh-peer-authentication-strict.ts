/**
 * Service-mesh traffic is mutual TLS only. Where the policy config `requireStrict` is true (the
 * default), no Istio PeerAuthentication (security.istio.io v1 or v1beta1) sets `mtls.mode` or a
 * `portLevelMtls` entry to PERMISSIVE or DISABLE, and every namespace that runs workloads is
 * STRICT in effect.
 *
 * Istio resolves a namespace's mode from its namespace-wide PeerAuthentication (one without a
 * selector, or with empty `matchLabels`) and, where that is absent or UNSET, from the mesh-wide
 * one (namespace-wide in the root namespace, `meshRootNamespace`, default istio-system); with
 * neither, or an UNSET mesh-wide one, the mesh is PERMISSIVE. Where a namespace has several
 * namespace-wide policies Istio uses the oldest, which the pack cannot tell, so all must
 * resolve to STRICT.
 *
 * A stack policy: whether a namespace is covered depends on the other PeerAuthentications of
 * the stack.
 */
import type { BaselineStackPolicy } from "../../catalog";
import { isKindOf } from "../../kubernetes-types";
import { NamespaceIndex, namespaceOf } from "../../namespace-index";
import { PolicySettings } from "../../policy-config";
import { fieldViolation, read, subjectOf } from "../../violation";

const NAME = "mesh-peer-authentication-strict";

const ISTIO_SECURITY_GROUP = "security.istio.io";

const STRICT = "STRICT";
const UNSET = "UNSET";

const ALLOWED_MODE = '"STRICT" (or UNSET, to inherit a STRICT namespace or mesh policy)';

/** A namespace-wide PeerAuthentication: who it is and the mode it sets (UNSET when none). */
interface NamespaceWide {
    subject: string;
    mode: string;
}

/** A namespace's effective mode and, when it is not STRICT, why. */
interface Resolution {
    strict: boolean;
    reason: string;
}

function isPeerAuthentication(type: string): boolean {
    return isKindOf(type, ISTIO_SECURITY_GROUP, ["PeerAuthentication"]);
}

function isNamespaceWide(props: unknown): boolean {
    const labels = read(props, "spec", "selector", "matchLabels");
    return (
        labels === undefined ||
        labels === null ||
        (typeof labels === "object" && Object.keys(labels).length === 0)
    );
}

function modeOf(mtls: unknown): string {
    const mode = read(mtls, "mode");
    return mode === undefined || mode === null ? UNSET : String(mode);
}

function isAllowedMode(mode: string): boolean {
    return mode === STRICT || mode === UNSET;
}

/** The mesh-wide mode: from the root namespace's namespace-wide policies, UNSET counting PERMISSIVE. */
function resolveMesh(root: string, policies: NamespaceWide[] | undefined): Resolution {
    if (policies === undefined) {
        return { strict: false, reason: `no mesh-wide PeerAuthentication in ${root}` };
    }
    const weak = policies.find((p) => p.mode !== STRICT);
    if (weak === undefined) {
        return { strict: true, reason: "" };
    }
    const what =
        weak.mode === UNSET ? "leaves mtls.mode unset (PERMISSIVE mesh-wide)" : `sets ${weak.mode}`;
    return { strict: false, reason: `mesh-wide ${weak.subject} ${what}` };
}

/** A namespace's mode: its own namespace-wide policies, UNSET ones inheriting the mesh's. */
function resolveNamespace(policies: NamespaceWide[] | undefined, mesh: Resolution): Resolution {
    if (policies === undefined) {
        return mesh.strict
            ? mesh
            : { strict: false, reason: `no namespace-wide PeerAuthentication and ${mesh.reason}` };
    }
    for (const p of policies) {
        if (p.mode === UNSET && !mesh.strict) {
            return { strict: false, reason: `${p.subject} inherits, and ${mesh.reason}` };
        }
        if (p.mode !== UNSET && p.mode !== STRICT) {
            return { strict: false, reason: `${p.subject} sets ${p.mode}` };
        }
    }
    return { strict: true, reason: "" };
}

const policy: BaselineStackPolicy = {
    name: NAME,
    description:
        "With requireStrict (default true): no Istio PeerAuthentication sets mtls.mode or a portLevelMtls mode to PERMISSIVE or DISABLE, and every namespace running workloads resolves to STRICT through a namespace-wide or mesh-wide PeerAuthentication.",
    severity: "high",
    checklist: "service-mesh mTLS is STRICT everywhere",
    configSchema: {
        properties: {
            requireStrict: {
                type: "boolean",
                default: true,
                description: "Require STRICT mutual TLS; false turns the policy's checks off.",
            },
            meshRootNamespace: {
                type: "string",
                default: "istio-system",
                description: "The Istio root namespace, whose namespace-wide policy is mesh-wide.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const settings = new PolicySettings(NAME, args.getConfig());
        const requireStrict = settings.boolean("requireStrict", true, true);
        const root = settings.string("meshRootNamespace", "istio-system");
        settings.problems.forEach((problem) => reportViolation(problem));
        if (!requireStrict) {
            return;
        }

        const index = new NamespaceIndex();
        const namespaceWide = new Map<string, NamespaceWide[]>();
        for (const resource of args.resources) {
            index.add(resource);
            if (!isPeerAuthentication(resource.type)) {
                continue;
            }
            const subject = subjectOf(resource.type, resource.props, resource.name);
            const mode = modeOf(read(resource.props, "spec", "mtls"));
            if (!isAllowedMode(mode)) {
                reportViolation(
                    fieldViolation(subject, "spec.mtls.mode", mode, ALLOWED_MODE),
                    resource.urn,
                );
            }
            const ports = read(resource.props, "spec", "portLevelMtls");
            if (ports !== null && typeof ports === "object") {
                for (const [port, mtls] of Object.entries(ports)) {
                    const portMode = modeOf(mtls);
                    if (!isAllowedMode(portMode)) {
                        const field = `spec.portLevelMtls["${port}"].mode`;
                        reportViolation(
                            fieldViolation(subject, field, portMode, ALLOWED_MODE),
                            resource.urn,
                        );
                    }
                }
            }
            if (isNamespaceWide(resource.props)) {
                const namespace = namespaceOf(resource.props);
                const list = namespaceWide.get(namespace) ?? [];
                list.push({ subject, mode });
                namespaceWide.set(namespace, list);
            }
        }

        const mesh = resolveMesh(root, namespaceWide.get(root));
        for (const [namespace, workload] of index.workloads) {
            const resolution =
                namespace === root ? mesh : resolveNamespace(namespaceWide.get(namespace), mesh);
            if (resolution.strict) {
                continue;
            }
            reportViolation(
                `Namespace ${namespace}: runs ${workload.subject} but its mutual TLS is not STRICT (${resolution.reason}); allowed: a PeerAuthentication without selector and with spec.mtls.mode STRICT in ${namespace}, or one in ${root} for the whole mesh`,
                index.urnOf(namespace),
            );
        }
    },
};

export default policy;
