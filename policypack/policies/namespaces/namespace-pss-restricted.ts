/**
 * Every namespace enforces the Pod Security Standards `restricted` profile through Pod Security
 * Admission: the Namespace carries the label `pod-security.kubernetes.io/enforce: restricted`,
 * so that the API server itself rejects pods that break it, whatever created them. Namespaces
 * named in the policy config `exemptNamespaces` are skipped, for system components that cannot
 * run restricted (the Falco sensor needs `privileged`).
 *
 * A NamespacePatch is held to it only if it sets the label: a patch that leaves labels alone
 * does not change what the namespace enforces.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { kubernetesTypeOf, storedKindOf } from "../../kubernetes-types";
import { PolicySettings } from "../../policy-config";
import { fieldViolation, read, subjectOf } from "../../violation";

const NAME = "namespace-pss-restricted";

/** The Pod Security Admission label that sets the enforced level. */
export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

const policy: BaselineResourcePolicy = {
    name: NAME,
    description: `Every Namespace carries the label ${ENFORCE_LABEL}: restricted, except those listed in exemptNamespaces.`,
    severity: "high",
    checklist: "namespaces enforce the restricted Pod Security Standard",
    cis: "5.2.1",
    configSchema: {
        properties: {
            exemptNamespaces: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Namespaces that need a lower Pod Security level, such as the Falco namespace.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const type = kubernetesTypeOf(args.type);
        const stored = type && storedKindOf(type);
        if (type?.group !== "core" || stored?.kind !== "Namespace" || stored.variant === "list") {
            return;
        }
        const settings = new PolicySettings(NAME, args.getConfig());
        const exempt = settings.stringList("exemptNamespaces", [], []);
        settings.problems.forEach((problem) => reportViolation(problem));
        const name = read(args.props, "metadata", "name");
        if (typeof name === "string" && exempt.includes(name)) {
            return;
        }
        const value = read(args.props, "metadata", "labels", ENFORCE_LABEL);
        if (value === "restricted" || (stored.variant === "patch" && value === undefined)) {
            return;
        }
        reportViolation(
            fieldViolation(
                subjectOf(args.type, args.props, args.name),
                `metadata.labels["${ENFORCE_LABEL}"]`,
                value,
                '"restricted" (or the namespace listed in exemptNamespaces)',
            ),
        );
    },
};

export default policy;
